package org.kaphub.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.StringType;
import org.kaphub.vocabulary.CodeSystems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Requests refused before anyone was authenticated (no or a bad bearer token, a failed client authentication at the
 * token endpoint). Anyone on the network can send them, so each one is counted, not written: one AuditEvent per
 * source address and minute carries the counts, and the Prometheus counter {@code kap_security_unauthenticated_total}
 * (by reason) counts them all. Memory stays bounded under a flood of distinct addresses: past
 * {@link #MAX_SOURCES_PER_MINUTE} addresses in one minute the rest are summed in one "other addresses" event.
 */
@Component
public class UnauthenticatedRequests {

    /** Why the request was refused; also the counter's {@code reason} tag. */
    public enum Reason {
        NO_TOKEN("no-token"),
        INVALID_TOKEN("invalid-token"),
        /** at the token endpoint: unknown client, wrong secret, bad or replayed client assertion */
        CLIENT_AUTHENTICATION("client-authentication");

        final String tag;

        Reason(String tag) {
            this.tag = tag;
        }
    }

    static final int MAX_SOURCES_PER_MINUTE = 100;
    /** Minutes kept while the store cannot take them (the database is down); older ones are dropped, and logged. */
    private static final int MAX_PENDING_MINUTES = 10;
    static final String OTHER_SOURCES = "other addresses";
    private static final Logger log = LoggerFactory.getLogger(UnauthenticatedRequests.class);

    private final AuditEventStore store;
    private final Clock clock;
    private final Map<Reason, Counter> counters = new EnumMap<>(Reason.class);
    private final ScheduledExecutorService writer;

    private Instant minute;
    private Map<String, EnumMap<Reason, Long>> sources = new LinkedHashMap<>();
    private EnumMap<Reason, Long> others = new EnumMap<>(Reason.class);
    private final List<Minute> closed = new ArrayList<>();

    @Autowired
    UnauthenticatedRequests(AuditEventStore store, MeterRegistry meters) {
        this(store, meters, Clock.systemUTC(), true);
    }

    UnauthenticatedRequests(AuditEventStore store, MeterRegistry meters, Clock clock, boolean schedule) {
        this.store = store;
        this.clock = clock;
        for (Reason reason : Reason.values()) {
            counters.put(reason, Counter.builder("kap.security.unauthenticated")
                    .description("Requests refused before authentication (401), by reason")
                    .tag("reason", reason.tag).register(meters));
        }
        if (schedule) {
            writer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "kap-unauthenticated-audit");
                thread.setDaemon(true);
                return thread;
            });
            writer.scheduleWithFixedDelay(this::writeEndedMinutes, 10, 10, TimeUnit.SECONDS);
        } else {
            writer = null;
        }
    }

    /** Counts one refused request from {@code address}. Cheap: nothing is written here. */
    public void record(String address, Reason reason) {
        counters.get(reason).increment();
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MINUTES);
        synchronized (this) {
            if (minute == null || !minute.equals(now)) {
                closeCurrent();
                minute = now;
            }
            EnumMap<Reason, Long> counts = sources.get(address);
            if (counts == null) {
                if (sources.size() < MAX_SOURCES_PER_MINUTE) {
                    counts = new EnumMap<>(Reason.class);
                    sources.put(address, counts);
                } else {
                    counts = others;
                }
            }
            counts.merge(reason, 1L, Long::sum);
        }
    }

    /** Writes the minutes that have ended (run every 10 s). */
    void writeEndedMinutes() {
        write(false);
    }

    /** Writes everything counted so far, the current minute included (tests, shutdown). */
    public void flush() {
        write(true);
    }

    @PreDestroy
    void stop() {
        if (writer != null) {
            writer.shutdownNow();
        }
        flush();
    }

    private void write(boolean currentToo) {
        List<Minute> due;
        synchronized (this) {
            if (minute != null && (currentToo || !minute.equals(Instant.now(clock).truncatedTo(ChronoUnit.MINUTES)))) {
                closeCurrent();
                minute = null;
            }
            due = List.copyOf(closed);
            closed.clear();
        }
        for (Minute ended : due) {
            for (AuditEvent event : ended.events()) {
                try {
                    store.record(event);
                } catch (RuntimeException e) {
                    log.error("Unauthenticated requests could not be audited: {}", e.getClass().getSimpleName());
                }
            }
        }
    }

    private void closeCurrent() {
        if (minute == null || sources.isEmpty() && others.isEmpty()) {
            return;
        }
        closed.add(new Minute(minute, sources, others));
        sources = new LinkedHashMap<>();
        others = new EnumMap<>(Reason.class);
        while (closed.size() > MAX_PENDING_MINUTES) {
            Minute dropped = closed.remove(0);
            log.error("Unauthenticated requests of {} were not audited: the audit store is behind", dropped.start());
        }
    }

    private record Minute(Instant start, Map<String, EnumMap<Reason, Long>> sources, EnumMap<Reason, Long> others) {

        List<AuditEvent> events() {
            List<AuditEvent> events = new ArrayList<>();
            sources.forEach((address, counts) -> events.add(event(address, counts)));
            if (!others.isEmpty()) {
                events.add(event(null, others));
            }
            return events;
        }

        private AuditEvent event(String address, EnumMap<Reason, Long> counts) {
            long total = counts.values().stream().mapToLong(Long::longValue).sum();
            AuditEvent event = AuditEvents.base(AuditEvents.dcm("110113", "Security Alert"),
                    AuditEvents.kap("unauthenticated", "Unauthenticated"), AuditEvent.AuditEventAction.E, false);
            event.setPeriod(new Period().setStart(Date.from(start)).setEnd(Date.from(start.plus(1, ChronoUnit.MINUTES))));
            event.setOutcomeDesc("HTTP 401: " + total + " unauthenticated request(s) in this minute from "
                    + (address == null ? "addresses beyond the first " + MAX_SOURCES_PER_MINUTE : "this address"));
            AuditEvents.addRequestor(event, null, address);
            AuditEvent.AuditEventEntityComponent entity = event.addEntity()
                    .setName(address == null ? OTHER_SOURCES : "unauthenticated requests")
                    .setType(new Coding(CodeSystems.AUDIT_ENTITY_TYPE, "2", "System Object"));
            entity.addDetail().setType("count").setValue(new StringType(Long.toString(total)));
            counts.forEach((reason, count) -> entity.addDetail().setType(reason.tag).setValue(new StringType(Long.toString(count))));
            return event;
        }
    }
}
