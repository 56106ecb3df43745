package org.kaphub.hl7v2.inbound;

import org.junit.jupiter.api.Test;
import org.kaphub.partners.Hl7v2Sender;
import org.kaphub.partners.Partner;
import org.kaphub.partners.PartnerRegistry;
import org.kaphub.hl7v2.inbound.Hl7v2Senders.Attributed;
import org.kaphub.hl7v2.inbound.Hl7v2Senders.Attribution;
import org.kaphub.hl7v2.inbound.Hl7v2Senders.By;
import org.kaphub.hl7v2.inbound.Hl7v2Senders.Reason;
import org.kaphub.hl7v2.inbound.Hl7v2Senders.Refused;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Who sent an HL7 v2 message, for every kind of connection and registry (README "HL7 v2 in"). */
class Hl7v2SendersTest {

    static final String MAPLE_CERT = "CN=maple-mllp,O=Maple";
    static final Partner MAPLE = partner("maple", List.of(MAPLE_CERT), List.of(new Hl7v2Sender("SUNRISE", "MAPLE")));
    static final Partner BIRCH = partner("birch", List.of(), List.of(new Hl7v2Sender("EPIC", "BIRCH")));
    static final Partner CEDAR = partner("cedar", List.of("CN=cedar"), List.of()); // certificate only, no senders

    @Test
    void aRegisteredCertificateNamesItsPartner() {
        assertThat(senders(false, MAPLE, BIRCH, CEDAR).attribute(MAPLE_CERT, "SUNRISE", "MAPLE"))
                .isEqualTo(new Attributed(MAPLE, By.CERTIFICATE));
        // the certificate decides; a sender no partner registers is only a label
        assertThat(senders(false, MAPLE, BIRCH, CEDAR).attribute("CN=cedar", "ANY", "THING"))
                .isEqualTo(new Attributed(CEDAR, By.CERTIFICATE));
    }

    @Test
    void aCertificateNoPartnerRegistersIsRefusedInEveryMode() {
        for (boolean development : new boolean[] {true, false}) {
            assertThat(senders(development, MAPLE, BIRCH).attribute("CN=stranger", "SUNRISE", "MAPLE"))
                    .isEqualTo(new Refused(Reason.UNREGISTERED_CERTIFICATE));
            assertThat(senders(development).attribute("CN=stranger", "X", "Y"))
                    .isEqualTo(new Refused(Reason.UNREGISTERED_CERTIFICATE));
        }
    }

    @Test
    void aCertifiedPartnerNamingAnotherPartnersSenderIsRefused() {
        assertThat(senders(false, MAPLE, BIRCH, CEDAR).attribute("CN=cedar", "EPIC", "BIRCH"))
                .isEqualTo(new Refused(Reason.SENDER_OF_ANOTHER_PARTNER));
        assertThat(senders(false, MAPLE, BIRCH).attribute(MAPLE_CERT, "EPIC", "BIRCH"))
                .isEqualTo(new Refused(Reason.SENDER_OF_ANOTHER_PARTNER));
    }

    @Test
    void withoutACertificateARegisteredSenderNamesItsPartner() {
        assertThat(senders(false, MAPLE, BIRCH).attribute(null, "EPIC", "BIRCH")).isEqualTo(new Attributed(BIRCH, By.SENDER));
        assertThat(senders(true, MAPLE, BIRCH).attribute(null, "EPIC", "BIRCH")).isEqualTo(new Attributed(BIRCH, By.SENDER));
    }

    @Test
    void withoutACertificateTheSenderOfAPartnerThatHasCertificatesIsRefused() {
        assertThat(senders(false, MAPLE, BIRCH).attribute(null, "SUNRISE", "MAPLE"))
                .isEqualTo(new Refused(Reason.CERTIFICATE_REQUIRED));
    }

    @Test
    void anUnregisteredSenderIsRefused() {
        for (String[] msh : new String[][] {{"EPIC", "ELSEWHERE"}, {"epic", "BIRCH"}, {"EPIC", null}, {null, null}}) {
            assertThat(senders(false, MAPLE, BIRCH).attribute(null, msh[0], msh[1]))
                    .isEqualTo(new Refused(Reason.UNREGISTERED_SENDER));
            assertThat(senders(true, MAPLE, BIRCH).attribute(null, msh[0], msh[1]))
                    .as("development mode once senders are registered").isEqualTo(new Refused(Reason.UNREGISTERED_SENDER));
        }
    }

    @Test
    void developmentModeTakesAnySenderOnlyWhileNoPartnerNamesSenders() {
        Attribution any = senders(true, CEDAR).attribute(null, "WHOEVER", "WHEREVER");
        assertThat(any).isEqualTo(new Attributed(Hl7v2Senders.developmentPartner(), By.DEVELOPMENT_MODE));
        assertThat(Hl7v2Senders.developmentPartner().organisationLimited()).isFalse();
        assertThat(Hl7v2Senders.developmentPartner().assigningAuthorities()).isEmpty();
        assertThat(senders(false, CEDAR).attribute(null, "WHOEVER", "WHEREVER"))
                .as("never in production").isEqualTo(new Refused(Reason.UNREGISTERED_SENDER));
        assertThat(senders(false).attribute(null, "WHOEVER", "WHEREVER")).isEqualTo(new Refused(Reason.UNREGISTERED_SENDER));
    }

    @Test
    void aDisabledPartnerIsNotFound() {
        Partner disabled = new Partner("old", "old", Partner.Kind.CLINIC, null, null, Set.of(), false, false, Set.of(),
                List.of(), Set.of(), List.of("CN=old"), List.of(new Hl7v2Sender("OLD", "CLINIC")), Set.of());
        assertThat(senders(false, disabled).attribute(null, "OLD", "CLINIC")).isEqualTo(new Refused(Reason.UNREGISTERED_SENDER));
        assertThat(senders(false, disabled).attribute("CN=old", "OLD", "CLINIC")).isEqualTo(new Refused(Reason.UNREGISTERED_CERTIFICATE));
    }

    @Test
    void reasonsNameNoMessageContent() {
        for (Reason reason : Reason.values()) {
            assertThat(reason.text()).doesNotContain("MAPLE").doesNotContain("CN=");
        }
    }

    static Hl7v2Senders senders(boolean development, Partner... partners) {
        return new Hl7v2Senders(new Registry(List.of(partners)), development);
    }

    static Partner partner(String id, List<String> certificates, List<Hl7v2Sender> senders) {
        return new Partner(id, id, Partner.Kind.CLINIC, null, null, Set.of(), false, true, Set.of(), List.of(), Set.of(),
                certificates, senders, Set.of());
    }

    /** The registry's lookups over a fixed list (subjects compared exactly: canonical comparison is the registry's). */
    record Registry(List<Partner> partners) implements PartnerRegistry {

        @Override
        public List<Partner> all() {
            return partners;
        }

        @Override
        public Optional<Partner> byId(String id) {
            return partners.stream().filter(Partner::enabled).filter(p -> p.id().equals(id)).findFirst();
        }

        @Override
        public Optional<Partner> byClientId(String clientId) {
            return Optional.empty();
        }

        @Override
        public Optional<Partner> anyByClientId(String clientId) {
            return Optional.empty();
        }

        @Override
        public Optional<Partner> byCertificateSubject(String subject) {
            return partners.stream().filter(Partner::enabled)
                    .filter(p -> p.certificateSubjects().contains(subject)).findFirst();
        }

        @Override
        public Optional<Partner> byHl7v2Sender(String application, String facility) {
            return partners.stream().filter(Partner::enabled)
                    .filter(p -> p.hl7v2Senders().contains(new Hl7v2Sender(application, facility))).findFirst();
        }

        @Override
        public boolean namesHl7v2Senders() {
            return partners.stream().anyMatch(p -> !p.hl7v2Senders().isEmpty());
        }
    }
}
