package org.kaphub.delivery.control;

import java.util.EnumSet;
import java.util.Set;

/** KAP_OUTBOX.STATUS. */
public enum DeliveryStatus {
    QUEUED, IN_FLIGHT, DELIVERED, DEAD, BLOCKED;

    /** Settled: the dispatcher is done with the row; only these are replayed. */
    static final Set<DeliveryStatus> REPLAYABLE = EnumSet.of(DELIVERED, DEAD, BLOCKED);
}
