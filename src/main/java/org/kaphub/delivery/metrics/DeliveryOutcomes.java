package org.kaphub.delivery.metrics;

import java.time.Instant;

/**
 * What the dispatcher tells the metrics when it has recorded the outcome of outbox rows: counted per row, on the node
 * that settled them.
 */
public interface DeliveryOutcomes {

    /** The outcome of one row's attempt (tag {@code outcome} of {@code kap_delivery_attempts_total}). */
    enum Outcome {
        /** the partner took it (2xx) */
        DELIVERED,
        /** no response, 408, 429 or 5xx: queued again after a backoff */
        RETRIED,
        /** dead letter: refused (other 4xx), attempts or age used up, or the resource expunged */
        DEAD,
        /** not sent: the partner may not have it now (consent, organisation, registry) */
        BLOCKED,
        /** KAP Hub's own trouble (storage): queued again */
        ERROR
    }

    void settled(String partnerId, Outcome outcome, int rows);

    /** A row committed at {@code committedAt} reached the partner at {@code deliveredAt}. */
    void delivered(String partnerId, Instant committedAt, Instant deliveredAt);
}
