package org.kaphub.delivery.entitlement;

import org.junit.jupiter.api.Test;
import org.kaphub.partners.Partner;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry's part of the rule, without the database (the consent part: Part2ConsentsTest, OutboxH2IT). */
class EntitlementTest {

    static final String MA = "MedicationAdministration";
    static final DeliveredRecord ADMINISTRATION = new DeliveredRecord(MA, "1", "Patient/p", Set.of("org-x"), false);
    static final DeliveredRecord LABELLED = new DeliveredRecord(MA, "2", "Patient/p", Set.of("org-x"), true);

    @Test
    void aFhirPartnerOfThePatientsOrganisationReceivingTheTypeIsEntitled() {
        assertThat(Entitlement.withoutConsent(receiver(Set.of("org-x"), false), ADMINISTRATION)).isEqualTo(Verdict.ENTITLED);
    }

    @Test
    void aPartnerWithoutOrganisationsHasNoSuchLimit() {
        assertThat(Entitlement.withoutConsent(receiver(Set.of(), false), ADMINISTRATION)).isEqualTo(Verdict.ENTITLED);
    }

    @Test
    void eachRuleOfTheRegistrySaysNoOnItsOwn() {
        assertThat(Entitlement.withoutConsent(receiver(Set.of("org-y"), false), ADMINISTRATION)).isEqualTo(Verdict.OTHER_ORGANISATION);
        assertThat(Entitlement.withoutConsent(partner(Partner.Protocol.FHIR_REST, "http://127.0.0.1:9/fhir", Set.of("Patient"),
                Set.of("org-x"), false, true), ADMINISTRATION)).isEqualTo(Verdict.TYPE_NOT_RECEIVED);
        assertThat(Entitlement.withoutConsent(partner(null, null, Set.of(MA), Set.of("org-x"), false, true), ADMINISTRATION))
                .isEqualTo(Verdict.NOT_RECEIVING);
        assertThat(Entitlement.withoutConsent(partner(Partner.Protocol.FHIR_REST, "http://127.0.0.1:9/fhir", Set.of(MA),
                Set.of("org-x"), false, false), ADMINISTRATION)).isEqualTo(Verdict.PARTNER_UNKNOWN);
    }

    @Test
    void anMllpPartnerReceivesTheTypesItListsThatABuilderMakesAMessageOf() {
        Partner mllp = partner(Partner.Protocol.HL7V2_MLLP, "mllp://127.0.0.1:9", Set.of(MA, "Patient"), Set.of("org-x"),
                false, true);
        DeliveredRecord built = new DeliveredRecord(MA, "4", "Patient/p", Set.of("org-x"), false, true);
        assertThat(Entitlement.withoutConsent(mllp, built)).isEqualTo(Verdict.ENTITLED);
        assertThat(Entitlement.withoutConsent(mllp, ADMINISTRATION)).isEqualTo(Verdict.NO_HL7V2_MESSAGE);
        // a FHIR partner takes the record whether or not a builder makes a message of it
        assertThat(Entitlement.withoutConsent(receiver(Set.of("org-x"), false), ADMINISTRATION)).isEqualTo(Verdict.ENTITLED);
        assertThat(Entitlement.withoutConsent(mllp, new DeliveredRecord("CarePlan", "5", "Patient/p", Set.of("org-x"), false, true)))
                .isEqualTo(Verdict.TYPE_NOT_RECEIVED);
    }

    @Test
    void part2DataNeedsThePartnersGrantBeforeAnyConsentIsLookedFor() {
        assertThat(Entitlement.withoutConsent(receiver(Set.of("org-x"), false), LABELLED)).isEqualTo(Verdict.PART2_NOT_GRANTED);
        assertThat(Entitlement.withoutConsent(receiver(Set.of("org-x"), true), LABELLED)).isEqualTo(Verdict.ENTITLED);
    }

    @Test
    void aRecordOfNoPatientReachesOnlyPartnersWithoutOrganisations() {
        DeliveredRecord shared = new DeliveredRecord(MA, "3", null, Set.of(), false);
        assertThat(shared.orderKey()).isEqualTo(MA + "/3");
        assertThat(Entitlement.withoutConsent(receiver(Set.of("org-x"), false), shared)).isEqualTo(Verdict.OTHER_ORGANISATION);
        assertThat(Entitlement.withoutConsent(receiver(Set.of(), false), shared)).isEqualTo(Verdict.ENTITLED);
    }

    static Partner receiver(Set<String> organisations, boolean part2) {
        return partner(Partner.Protocol.FHIR_REST, "http://127.0.0.1:9/fhir", Set.of(MA), organisations, part2, true);
    }

    static Partner partner(Partner.Protocol protocol, String endpoint, Set<String> receives, Set<String> organisations,
                           boolean part2, boolean enabled) {
        return new Partner("p", "P", Partner.Kind.CLINIC, protocol, endpoint, receives, part2, enabled, organisations,
                List.of(), Set.of(), List.of(), List.of(), Set.of());
    }
}
