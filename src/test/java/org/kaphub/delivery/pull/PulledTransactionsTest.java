package org.kaphub.delivery.pull;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.kaphub.partners.Partner;
import org.kaphub.vocabulary.KapCanonicals;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A pulled record → the transaction that stores it: entries, conditions, references, meta and Provenance. */
class PulledTransactionsTest {

    static final String BASE = "https://rx.example/fhir";
    static final Instant STAMP = Instant.parse("2025-03-01T10:15:30.250Z");
    static final Partner PARTNER = new Partner("rx", "Rx platform", Partner.Kind.PRESCRIBING_PLATFORM, Partner.Protocol.FHIR_REST,
            BASE + "/", Set.of(), false, true, Set.of("org-north"), List.of(), Set.of(), List.of(), List.of(), Set.of(), Map.of(),
            new Partner.Pull(Duration.ofSeconds(60), List.of("MedicationRequest")));

    final PulledTransactions transactions = new PulledTransactions(FhirContext.forR4Cached());

    @Test
    void theRecordIsAConditionalUpdateItsPatientAConditionalCreateAndAProvenanceNamesThePartner() {
        Map<String, Patient> platform = Map.of("p1", patient(true));
        PulledRecord record = transactions.map(PARTNER, order(), id -> Optional.ofNullable(platform.get(id)));

        assertThat(record.refusal()).isNull();
        assertThat(record.type()).isEqualTo("MedicationRequest");
        assertThat(record.sourceUrl()).isEqualTo(BASE + "/MedicationRequest/o1/_history/3");
        assertThat(record.lastUpdated()).isEqualTo(STAMP);
        assertThat(record.key().getValue()).isEqualTo("order|1");
        List<Bundle.BundleEntryComponent> entries = record.transaction().getEntry();
        assertThat(entries).extracting(e -> e.getResource().fhirType()).containsExactly("Patient", "MedicationRequest", "Provenance");

        Bundle.BundleEntryComponent patientEntry = entries.get(0);
        assertThat(patientEntry.getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.POST);
        assertThat(patientEntry.getRequest().getIfNoneExist())
                .isEqualTo("identifier=https%3A%2F%2Frx.example%2Fmrn|m1,urn%3Aoid%3A1.2.3|%5C%7Cescaped%5C%2C");
        Patient patient = (Patient) patientEntry.getResource();
        assertThat(patient.hasManagingOrganization()).isFalse(); // the platform's organisation is not ours
        assertThat(patient.getIdElement().getIdPart()).isNull();
        assertThat(patient.getGeneralPractitionerFirstRep().getReference()).isNull();
        assertThat(patient.getGeneralPractitionerFirstRep().getIdentifier().getSystem()).isEqualTo(BASE + "/Practitioner");

        Bundle.BundleEntryComponent orderEntry = entries.get(1);
        assertThat(orderEntry.getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.PUT);
        assertThat(orderEntry.getRequest().getUrl()).isEqualTo("MedicationRequest?identifier=https%3A%2F%2Frx.example%2Forders|order%5C%7C1");
        MedicationRequest order = (MedicationRequest) orderEntry.getResource();
        assertThat(order.getIdElement().getIdPart()).isNull();
        assertThat(order.getSubject().getReference()).isEqualTo(patientEntry.getFullUrl());
        assertThat(order.getRequester().getReference()).isNull();
        assertThat(order.getRequester().getType()).isEqualTo("Practitioner");
        assertThat(order.getRequester().getIdentifier().getSystem()).isEqualTo(BASE + "/Practitioner");
        assertThat(order.getRequester().getIdentifier().getValue()).isEqualTo("dr1");
        assertThat(order.getRequester().getDisplay()).isEqualTo("Dr One");
        // a reference that names its target by identifier keeps it
        assertThat(order.getReasonReferenceFirstRep().getIdentifier().getValue()).isEqualTo("dx-7");
        assertThat(order.getMeta().getSource()).isEqualTo(record.sourceUrl());
        assertThat(order.getMeta().hasVersionId()).isFalse();
        assertThat(order.getMeta().hasLastUpdated()).isFalse();
        assertThat(order.getMeta().getTag()).isEmpty();
        assertThat(order.getMeta().getSecurity()).extracting(Coding::getCode).containsExactly("ETH");

        Provenance provenance = (Provenance) entries.get(2).getResource();
        assertThat(provenance.getTargetFirstRep().getReference()).isEqualTo(orderEntry.getFullUrl());
        assertThat(provenance.getAgentFirstRep().getWho().getReference()).isEqualTo("Organization/org-north");
        assertThat(provenance.getAgentFirstRep().getWho().getIdentifier().getSystem()).isEqualTo(KapCanonicals.PARTNER_SID);
        assertThat(provenance.getAgentFirstRep().getWho().getIdentifier().getValue()).isEqualTo("rx");
        assertThat(provenance.getEntityFirstRep().getWhat().getIdentifier().getValue()).isEqualTo(record.sourceUrl());
    }

    @Test
    void aRecordThatCannotBeStoredIsRefusedWithAReasonAndItsSource() {
        MedicationRequest noKey = order();
        noKey.getIdentifier().clear();
        assertThat(transactions.map(PARTNER, noKey, id -> Optional.of(patient(true))).refusal()).contains("no business identifier");

        PulledRecord unknownPatient = transactions.map(PARTNER, order(), id -> Optional.empty());
        assertThat(unknownPatient.refusal()).contains("a Patient the partner does not have");
        assertThat(unknownPatient.sourceUrl()).isEqualTo(BASE + "/MedicationRequest/o1/_history/3");
        assertThat(unknownPatient.lastUpdated()).isEqualTo(STAMP); // the mark can move past it

        assertThat(transactions.map(PARTNER, order(), id -> Optional.of(patient(false))).refusal())
                .contains("Patient without identifier");
    }

    @Test
    void aPartnerWithoutVersionIdsIsVersionedByLastUpdated() {
        MedicationRequest order = order();
        order.getMeta().setVersionId(null);
        assertThat(transactions.map(PARTNER, order, id -> Optional.of(patient(true))).sourceUrl())
                .isEqualTo(BASE + "/MedicationRequest/o1/_history/" + STAMP.toEpochMilli());
    }

    static MedicationRequest order() {
        MedicationRequest order = new MedicationRequest();
        order.setId("o1");
        order.getMeta().setVersionId("3").setLastUpdated(Date.from(STAMP));
        order.getMeta().addTag("https://rx.example/workflow", "reviewed", null);
        order.getMeta().addSecurity("http://terminology.hl7.org/CodeSystem/v3-ActCode", "ETH", null);
        order.addIdentifier().setSystem("https://rx.example/orders").setValue("order|1");
        order.setSubject(new Reference("Patient/p1"));
        order.setRequester(new Reference(BASE + "/Practitioner/dr1").setDisplay("Dr One"));
        order.addReasonReference(new Reference().setType("Condition")
                .setIdentifier(new org.hl7.fhir.r4.model.Identifier().setSystem("https://rx.example/dx").setValue("dx-7")));
        return order;
    }

    static Patient patient(boolean identified) {
        Patient patient = new Patient();
        patient.setId("p1");
        if (identified) {
            patient.addIdentifier().setSystem("https://rx.example/mrn").setValue("m1");
            patient.addIdentifier().setSystem("urn:oid:1.2.3").setValue("|escaped,");
        }
        patient.setManagingOrganization(new Reference("Organization/platform"));
        patient.addGeneralPractitioner(new Reference("Practitioner/gp1"));
        return patient;
    }
}
