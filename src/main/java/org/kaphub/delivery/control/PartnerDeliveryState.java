package org.kaphub.delivery.control;

import java.time.Instant;
import java.util.Map;

/**
 * A partner's delivery state: paused by an operator, its circuit breaker (consecutive failed attempts, open until),
 * its rows per status and the commit time of its oldest row not yet settled (QUEUED or IN_FLIGHT).
 */
public record PartnerDeliveryState(String partnerId, boolean inRegistry, boolean enabled, boolean paused,
                                   int consecutiveFailures, Instant circuitOpenUntil, Map<DeliveryStatus, Integer> rows,
                                   Instant oldestUndeliveredAt) {
}
