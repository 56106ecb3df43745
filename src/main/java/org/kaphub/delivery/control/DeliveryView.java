package org.kaphub.delivery.control;

import java.time.Instant;

/**
 * One outbox row as the API shows it: ids, status and the last attempt's outcome — never the resource's content.
 * {@code lastResponse}: the partner's answer kept with a dead letter (an OperationOutcome), only when one row is asked for.
 */
public record DeliveryView(long id, String partnerId, String resourceType, String resourceId, long resourceVersion,
                           String operation, DeliveryStatus status, int attempts, Integer lastStatus, String lastError,
                           Instant createdAt, Instant nextAttemptAt, Instant deliveredAt, Instant replayedAt,
                           String lastResponse) {

    String versionedReference() {
        return resourceType + "/" + resourceId + "/_history/" + resourceVersion;
    }
}
