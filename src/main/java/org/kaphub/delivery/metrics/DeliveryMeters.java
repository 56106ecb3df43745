package org.kaphub.delivery.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Counters and the lag histogram of the rows this node settled: per node (Prometheus sums them over the nodes).
 * Prometheus names: {@code kap_delivery_attempts_total{partner,outcome}} and
 * {@code kap_delivery_lag_seconds_bucket{partner,le}} (with {@code _count}, {@code _sum}, {@code _max}).
 */
@Component
class DeliveryMeters implements DeliveryOutcomes {

    private final MeterRegistry meters;
    private final DeliveryMetricsProperties properties;

    DeliveryMeters(MeterRegistry meters, DeliveryMetricsProperties properties) {
        this.meters = meters;
        this.properties = properties;
    }

    @Override
    public void settled(String partnerId, Outcome outcome, int rows) {
        if (rows > 0) {
            Counter.builder("kap.delivery.attempts")
                    .description("Outbox rows per attempt outcome, on this node (a row in a Bundle counts once per attempt)")
                    .tag("partner", partnerId).tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                    .register(meters).increment(rows);
        }
    }

    @Override
    public void delivered(String partnerId, Instant committedAt, Instant deliveredAt) {
        Duration lag = Duration.between(committedAt, deliveredAt);
        // percentile histogram buckets: Prometheus computes p50/p99 over nodes and time (histogram_quantile)
        Timer.builder("kap.delivery.lag")
                .description("Time from the commit of a write to its delivery to the partner, rows delivered by this node")
                .tag("partner", partnerId)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(properties.lagMax())
                .register(meters)
                .record(lag.isNegative() ? Duration.ZERO : lag);
    }
}
