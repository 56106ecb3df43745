package org.kaphub.delivery.entitlement;

import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.kaphub.partners.Partner;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Which stored consent covers disclosure to which partner when (the search for them: OutboxH2IT). */
class Part2ConsentsTest {

    static final Partner PARTNER = new Partner("maple", "Maple", Partner.Kind.CLINIC, Partner.Protocol.FHIR_REST,
            "https://maple.example/fhir", Set.of("MedicationAdministration"), true, true, Set.of("org-maple"), List.of(),
            Set.of(), List.of(), List.of(), Set.of());
    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    @Test
    void anActivePermitNamingThePartnerByIdentifierOrOrganisationCovers() {
        assertThat(Part2Consents.covers(consent(byId("maple")), PARTNER, NOW)).isTrue();
        assertThat(Part2Consents.covers(consent(new Reference("Organization/org-maple")), PARTNER, NOW)).isTrue();
    }

    @Test
    void aConsentNamingSomeoneElseDoesNot() {
        assertThat(Part2Consents.covers(consent(byId("oak")), PARTNER, NOW)).isFalse();
        assertThat(Part2Consents.covers(consent(new Reference("Organization/org-oak")), PARTNER, NOW)).isFalse();
        assertThat(Part2Consents.covers(consent(new Reference("Practitioner/org-maple")), PARTNER, NOW)).isFalse();
    }

    @Test
    void theRecipientMustBeNamedInRoleIrcp() {
        Consent consent = consent(byId("maple"));
        consent.getProvision().getActorFirstRep().getRole().getCodingFirstRep().setCode("PRCP");
        assertThat(Part2Consents.covers(consent, PARTNER, NOW)).isFalse();
    }

    @Test
    void revokedDeniedOrOtherPolicyConsentsDoNotCover() {
        for (Consent.ConsentState state : List.of(Consent.ConsentState.INACTIVE, Consent.ConsentState.REJECTED,
                Consent.ConsentState.ENTEREDINERROR, Consent.ConsentState.DRAFT, Consent.ConsentState.PROPOSED)) {
            Consent consent = consent(byId("maple"));
            consent.setStatus(state);
            assertThat(Part2Consents.covers(consent, PARTNER, NOW)).as(state.toCode()).isFalse();
        }
        Consent deny = consent(byId("maple"));
        deny.getProvision().setType(Consent.ConsentProvisionType.DENY);
        assertThat(Part2Consents.covers(deny, PARTNER, NOW)).isFalse();
        Consent hipaa = consent(byId("maple"));
        hipaa.getPolicyRule().getCodingFirstRep().setCode("HIPAAAuth");
        assertThat(Part2Consents.covers(hipaa, PARTNER, NOW)).isFalse();
    }

    @Test
    void thePolicyAndRoleMayBeSpelledWithTheirOids() {
        Consent consent = consent(byId("maple"));
        consent.getPolicyRule().getCodingFirstRep().setSystem("urn:oid:2.16.840.1.113883.5.4");
        consent.getProvision().getActorFirstRep().getRole().getCodingFirstRep().setSystem("urn:oid:2.16.840.1.113883.5.90");
        assertThat(Part2Consents.covers(consent, PARTNER, NOW)).isTrue();
    }

    @Test
    void theProvisionPeriodIsInclusiveOfItsEndDay() {
        Consent consent = consent(byId("maple"));
        consent.getProvision().getPeriod().setStartElement(new DateTimeType("2025-01-06T00:00:00Z"))
                .setEndElement(new DateTimeType("2025-06-01T23:00:00Z"));
        assertThat(Part2Consents.covers(consent, PARTNER, NOW)).isTrue();
        assertThat(Part2Consents.covers(consent, PARTNER, Instant.parse("2025-06-01T23:00:00.999Z"))).isTrue();
        assertThat(Part2Consents.covers(consent, PARTNER, Instant.parse("2025-06-01T23:00:01Z"))).isFalse();
        assertThat(Part2Consents.covers(consent, PARTNER, Instant.parse("2025-01-05T23:59:59Z"))).isFalse();

        Consent dayPrecision = consent(byId("maple"));
        dayPrecision.getProvision().getPeriod().setEndElement(new DateTimeType("2025-06-01"));
        // the whole end day, in the server's zone (a date without time is read in it)
        ZoneId zone = ZoneId.systemDefault();
        assertThat(Part2Consents.covers(dayPrecision, PARTNER, LocalDateTime.parse("2025-06-01T23:59:59").atZone(zone).toInstant())).isTrue();
        assertThat(Part2Consents.covers(dayPrecision, PARTNER, LocalDateTime.parse("2025-06-02T00:00:00").atZone(zone).toInstant())).isFalse();
    }

    static Reference byId(String partner) {
        return new Reference().setIdentifier(new Identifier().setSystem(Part2Consents.PARTNER_SYSTEM).setValue(partner));
    }

    static Consent consent(Reference recipient) {
        Consent consent = new Consent();
        consent.setStatus(Consent.ConsentState.ACTIVE);
        consent.getPolicyRule().addCoding(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "42CFRPart2", null));
        consent.getProvision().setType(Consent.ConsentProvisionType.PERMIT);
        consent.getProvision().addActor().setReference(recipient).getRole()
                .addCoding(new Coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP", null));
        return consent;
    }
}
