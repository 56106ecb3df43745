package org.kaphub.delivery.metrics;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Delivery metrics (README "Delivery to partners", Metrics).
 *
 * @param cacheFor how long the outbox gauges reuse one read of KAP_OUTBOX: scrapes within it cost no query
 * @param lagMax   the largest commit→delivered lag with a histogram bucket of its own; longer ones count in +Inf
 */
@Validated
@ConfigurationProperties("kap.delivery.metrics")
record DeliveryMetricsProperties(
        @DefaultValue("5s") @NotNull Duration cacheFor,
        @DefaultValue("6h") @NotNull Duration lagMax) {
}
