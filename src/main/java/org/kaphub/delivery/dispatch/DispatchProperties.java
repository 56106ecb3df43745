package org.kaphub.delivery.dispatch;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The dispatcher (README "Delivery to partners"): how often it looks for due outbox rows, how many it sends at once,
 * how it retries, when it gives up and when it stops trying a failing partner for a while.
 *
 * @param enabled         false: this node sends nothing (rows wait for a node that does)
 * @param pollInterval    how often due rows are claimed
 * @param threads         rows of different (partner, patient) sent at once by this node
 * @param perPartner      rows of one partner in flight at once, over all nodes (different patients)
 * @param lease           how long a claimed row is this node's; a row still IN_FLIGHT after it (node died) is taken again
 * @param initialBackoff  wait after the first failed attempt; doubled per attempt, with jitter
 * @param maxBackoff      the longest wait between attempts (a partner's Retry-After may ask for longer)
 * @param jitter          share of a wait drawn at random (0.2: ±20 %), so rows failed together do not retry together
 * @param maxRetryAfter   the longest Retry-After honoured
 * @param maxAttempts     attempts before a row is dead-lettered
 * @param maxAge          age (since its commit) after which a failing row is dead-lettered
 * @param circuitFailures consecutive failed attempts that open a partner's circuit
 * @param circuitOpen     how long an open circuit holds the partner's queue; then one row is tried
 * @param node            this node's name in CLAIMED_BY; blank: host name and process id
 */
@Validated
@ConfigurationProperties("kap.delivery.dispatch")
public record DispatchProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("500ms") @NotNull Duration pollInterval,
        @DefaultValue("8") @Min(1) int threads,
        @DefaultValue("4") @Min(1) int perPartner,
        @DefaultValue("2m") @NotNull Duration lease,
        @DefaultValue("1s") @NotNull Duration initialBackoff,
        @DefaultValue("60s") @NotNull Duration maxBackoff,
        @DefaultValue("0.2") @DecimalMin("0") @DecimalMax("1") double jitter,
        @DefaultValue("1h") @NotNull Duration maxRetryAfter,
        @DefaultValue("50") @Min(1) int maxAttempts,
        @DefaultValue("3d") @NotNull Duration maxAge,
        @DefaultValue("5") @Min(1) int circuitFailures,
        @DefaultValue("60s") @NotNull Duration circuitOpen,
        String node) {
}
