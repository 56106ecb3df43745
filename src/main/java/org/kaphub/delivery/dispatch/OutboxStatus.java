package org.kaphub.delivery.dispatch;

/** KAP_OUTBOX.STATUS. */
enum OutboxStatus {
    /** Waiting to be sent (again) at NEXT_ATTEMPT_AT. */
    QUEUED,
    /** Claimed by CLAIMED_BY until CLAIMED_UNTIL. */
    IN_FLIGHT,
    /** The partner accepted it. */
    DELIVERED,
    /** Dead letter: refused by the partner (4xx), or still failing after the attempts or age allowed. */
    DEAD,
    /** Not sent: the partner may no longer receive it (consent revoked, no longer entitled). */
    BLOCKED
}
