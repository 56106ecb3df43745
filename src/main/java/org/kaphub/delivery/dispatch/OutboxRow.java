package org.kaphub.delivery.dispatch;

import java.time.Instant;

/**
 * One row of KAP_OUTBOX: a committed resource version to deliver to one partner. {@code replayedAt}: when an operator
 * last requeued it (null: never).
 */
public record OutboxRow(long id, String partnerId, String orderKey, String resourceType, String resourceId,
                        long resourceVersion, String operation, String writeGroup, boolean part2, int attempts,
                        Instant createdAt, Instant replayedAt) {

    /** Where its age for {@code max-age} starts: its last replay, else its commit. */
    public Instant agedFrom() {
        return replayedAt != null ? replayedAt : createdAt;
    }

    /** {@code Type/id}. */
    public String reference() {
        return resourceType + "/" + resourceId;
    }

    /** {@code Type/id/_history/version}: the version the row was written for. */
    public String versionedReference() {
        return reference() + "/_history/" + resourceVersion;
    }
}
