package org.kaphub.delivery.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.kaphub.partners.Partner;
import org.kaphub.partners.PartnerRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The outbox as every node sees it, per partner, from KAP_OUTBOX itself — so each node reports the same cluster-wide
 * values (Prometheus: take max, not sum, over nodes): {@code kap_delivery_rows{partner,status}} for the rows not yet
 * delivered (queued, in_flight) and those settled without delivery (dead, blocked), and
 * {@code kap_delivery_oldest_undelivered_seconds{partner}} (age of its oldest queued or in-flight row; 0 when none).
 * <p>
 * One grouped query serves every gauge, read again at most once per {@code cache-for}. It reads only the statuses
 * above (index IDX_KAP_OUTBOX_DUE starts with STATUS): counting DELIVERED rows would read the whole delivery history
 * at every scrape; deliveries are counted by {@code kap_delivery_attempts_total{outcome="delivered"}} instead.
 * Gauges exist for every FHIR receiver of the registry and every partner with such rows; one that appears later (a
 * registry reload) is shown from the scrape after the next read.
 */
@Component
class OutboxGauges {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxGauges.class);
    static final List<String> STATUSES = List.of("QUEUED", "IN_FLIGHT", "DEAD", "BLOCKED");
    private static final Set<String> UNDELIVERED = Set.of("QUEUED", "IN_FLIGHT");

    private record Count(long rows, Instant oldest) {
    }

    private record Snapshot(Instant readAt, Map<String, Map<String, Count>> byPartner) {
    }

    private final JdbcClient jdbc;
    private final PartnerRegistry registry;
    private final MeterRegistry meters;
    private final Duration cacheFor;
    private final Clock clock;
    private final Set<String> registered = new HashSet<>();
    private Snapshot snapshot = new Snapshot(Instant.EPOCH, Map.of());

    OutboxGauges(JdbcClient jdbc, PartnerRegistry registry, MeterRegistry meters, DeliveryMetricsProperties properties) {
        this.jdbc = jdbc;
        this.registry = registry;
        this.meters = meters;
        this.cacheFor = properties.cacheFor();
        this.clock = Clock.systemUTC();
    }

    /** After start-up (the schema is in place): gauges for the partners known now. */
    @EventListener(ApplicationReadyEvent.class)
    void registerKnownPartners() {
        current();
    }

    long rows(String partnerId, String status) {
        Count count = current().byPartner().getOrDefault(partnerId, Map.of()).get(status);
        return count == null ? 0 : count.rows();
    }

    double oldestUndeliveredSeconds(String partnerId) {
        Snapshot now = current();
        return now.byPartner().getOrDefault(partnerId, Map.of()).entrySet().stream()
                .filter(e -> UNDELIVERED.contains(e.getKey()))
                .map(e -> e.getValue().oldest())
                .min(Instant::compareTo)
                .map(oldest -> Math.max(0, Duration.between(oldest, now.readAt()).toMillis() / 1000.0))
                .orElse(0.0);
    }

    private synchronized Snapshot current() {
        Instant now = clock.instant();
        if (Duration.between(snapshot.readAt(), now).compareTo(cacheFor) < 0) {
            return snapshot;
        }
        try {
            snapshot = new Snapshot(now, read());
        } catch (DataAccessException e) {
            // the database is away: keep the last values rather than ask it again at every gauge of this scrape
            LOG.warn("Outbox gauges not read ({}); the previous values stand", e.getClass().getSimpleName());
            snapshot = new Snapshot(now, snapshot.byPartner());
        }
        Set<String> partners = new HashSet<>(snapshot.byPartner().keySet());
        registry.all().stream().filter(p -> p.protocol() == Partner.Protocol.FHIR_REST && p.endpoint() != null)
                .map(Partner::id).forEach(partners::add);
        partners.stream().filter(registered::add).forEach(this::register);
        return snapshot;
    }

    private Map<String, Map<String, Count>> read() {
        Map<String, Map<String, Count>> counts = new HashMap<>();
        jdbc.sql("SELECT PARTNER_ID, STATUS, COUNT(*), MIN(CREATED_AT) FROM KAP_OUTBOX WHERE STATUS IN (:statuses) "
                        + "GROUP BY PARTNER_ID, STATUS")
                .param("statuses", STATUSES)
                .query(rs -> {
                    Timestamp oldest = rs.getTimestamp(4);
                    counts.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                            .put(rs.getString(2), new Count(rs.getLong(3), oldest == null ? null : oldest.toInstant()));
                });
        return counts;
    }

    private void register(String partnerId) {
        for (String status : STATUSES) {
            Gauge.builder("kap.delivery.rows", this, gauges -> gauges.rows(partnerId, status))
                    .description("Outbox rows per status, over all nodes (from KAP_OUTBOX)")
                    .tag("partner", partnerId).tag("status", status.toLowerCase(Locale.ROOT))
                    .strongReference(true)
                    .register(meters);
        }
        Gauge.builder("kap.delivery.oldest.undelivered", this, gauges -> gauges.oldestUndeliveredSeconds(partnerId))
                .description("Age of the partner's oldest queued or in-flight outbox row, over all nodes; 0 when none")
                .tag("partner", partnerId).baseUnit("seconds")
                .strongReference(true)
                .register(meters);
    }
}
