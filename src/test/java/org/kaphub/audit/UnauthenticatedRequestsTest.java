package org.kaphub.audit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.hl7.fhir.r4.model.AuditEvent;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UnauthenticatedRequestsTest {

    final List<AuditEvent> stored = new ArrayList<>();
    final AuditEventStore store = Mockito.mock(AuditEventStore.class);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:05Z"));

    UnauthenticatedRequestsTest() {
        Mockito.doAnswer(call -> stored.add(call.getArgument(0))).when(store).record(Mockito.any());
    }

    @Test
    void aHundredRefusalsFromOneAddressInOneMinuteAreOneEventWithTheirCount() {
        UnauthenticatedRequests requests = new UnauthenticatedRequests(store, meters, clock, false);
        for (int i = 0; i < 100; i++) {
            requests.record("10.0.0.1", i < 90 ? UnauthenticatedRequests.Reason.NO_TOKEN : UnauthenticatedRequests.Reason.INVALID_TOKEN);
        }
        assertThat(stored).isEmpty(); // nothing written per request
        requests.flush();
        assertThat(stored).hasSize(1);
        AuditEvent event = stored.get(0);
        assertThat(event.getOutcomeDesc()).startsWith("HTTP 401: 100 ");
        assertThat(event.getAgentFirstRep().getNetwork().getAddress()).isEqualTo("10.0.0.1");
        assertThat(detail(event, "count")).isEqualTo("100");
        assertThat(detail(event, "no-token")).isEqualTo("90");
        assertThat(detail(event, "invalid-token")).isEqualTo("10");
        assertThat(meters.get("kap.security.unauthenticated").tag("reason", "no-token").counter().count()).isEqualTo(90);
    }

    @Test
    void anEndedMinuteIsWrittenAndTheCurrentOneWaits() {
        UnauthenticatedRequests requests = new UnauthenticatedRequests(store, meters, clock, false);
        requests.record("10.0.0.1", UnauthenticatedRequests.Reason.NO_TOKEN);
        requests.writeEndedMinutes();
        assertThat(stored).isEmpty();
        clock.now = clock.now.plusSeconds(60);
        requests.record("10.0.0.1", UnauthenticatedRequests.Reason.NO_TOKEN);
        requests.writeEndedMinutes();
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).getPeriod().getStart().toInstant()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
        clock.now = clock.now.plusSeconds(60);
        requests.writeEndedMinutes();
        assertThat(stored).hasSize(2);
    }

    @Test
    void aFloodOfDistinctAddressesIsBoundedInMemoryAndRows() {
        UnauthenticatedRequests requests = new UnauthenticatedRequests(store, meters, clock, false);
        for (int i = 0; i < 50_000; i++) {
            requests.record("10." + (i >> 16) + "." + (i >> 8 & 255) + "." + (i & 255), UnauthenticatedRequests.Reason.INVALID_TOKEN);
        }
        requests.flush();
        assertThat(stored).hasSize(UnauthenticatedRequests.MAX_SOURCES_PER_MINUTE + 1);
        AuditEvent others = stored.get(stored.size() - 1);
        assertThat(others.getEntityFirstRep().getName()).isEqualTo(UnauthenticatedRequests.OTHER_SOURCES);
        assertThat(detail(others, "count")).isEqualTo(Integer.toString(50_000 - UnauthenticatedRequests.MAX_SOURCES_PER_MINUTE));
        assertThat(others.getAgentFirstRep().getNetwork().hasAddress()).isFalse();
    }

    static String detail(AuditEvent event, String type) {
        return event.getEntityFirstRep().getDetail().stream().filter(d -> type.equals(d.getType()))
                .map(d -> d.getValue().primitiveValue()).findFirst().orElse(null);
    }

    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
