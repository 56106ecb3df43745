package org.kaphub.delivery.pull;

import org.junit.jupiter.api.Test;
import org.kaphub.partners.Partner;
import org.kaphub.partners.PartnerRegistry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Which partners a tick polls: enabled FHIR partners with a pull whose interval has passed on this node. */
class PullScheduleTest {

    @Test
    void pollsEnabledFhirPartnersWithAPullOncePerInterval() {
        List<Partner> partners = List.of(
                partner("rx", Partner.Protocol.FHIR_REST, true, pull()),
                partner("disabled", Partner.Protocol.FHIR_REST, false, pull()),
                partner("not-pulled", Partner.Protocol.FHIR_REST, true, null),
                partner("mllp", Partner.Protocol.HL7V2_MLLP, true, pull()));
        PullSchedule schedule = new PullSchedule(registry(partners));

        assertThat(schedule.due()).extracting(Partner::id).containsExactly("rx");
        assertThat(schedule.due()).isEmpty(); // its 60 s have not passed
        schedule.forget();
        assertThat(schedule.due()).extracting(Partner::id).containsExactly("rx");
    }

    static Partner.Pull pull() {
        return new Partner.Pull(Duration.ofSeconds(60), List.of("MedicationRequest"));
    }

    static Partner partner(String id, Partner.Protocol protocol, boolean enabled, Partner.Pull pull) {
        return new Partner(id, id, Partner.Kind.PRESCRIBING_PLATFORM, protocol,
                protocol == Partner.Protocol.FHIR_REST ? "https://rx.example/fhir" : "mllp://10.0.0.1:2575", Set.of(), false,
                enabled, Set.of(), List.of(), Set.of(), List.of(), List.of(), Set.of(), Map.of(), pull);
    }

    static PartnerRegistry registry(List<Partner> partners) {
        return new PartnerRegistry() {
            public List<Partner> all() { return partners; }
            public Optional<Partner> byId(String id) { return Optional.empty(); }
            public Optional<Partner> byClientId(String clientId) { return Optional.empty(); }
            public Optional<Partner> anyByClientId(String clientId) { return Optional.empty(); }
            public Optional<Partner> byCertificateSubject(String subject) { return Optional.empty(); }
            public Optional<Partner> byHl7v2Sender(String application, String facility) { return Optional.empty(); }
            public boolean namesHl7v2Senders() { return false; }
        };
    }
}
