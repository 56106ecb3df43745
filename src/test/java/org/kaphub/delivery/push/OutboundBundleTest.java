package org.kaphub.delivery.push;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.kaphub.delivery.channel.Outgoing;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The transaction a partner receives: conditional on delivery keys, references meaning the same at the partner. */
class OutboundBundleTest {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final String MRN = "urn:oid:1.2.3";

    private final Patient patient = (Patient) new Patient().addIdentifier(new org.hl7.fhir.r4.model.Identifier()
            .setSystem(MRN).setValue("A|1,$x")).setManagingOrganization(new Reference("Organization/org-north")).setId("Patient/7/_history/3");
    private final Organization organization = (Organization) new Organization().setName("North").setId("Organization/org-north");
    private final Practitioner practitioner = (Practitioner) new Practitioner().addIdentifier(new org.hl7.fhir.r4.model.Identifier()
            .setSystem("http://hl7.org/fhir/sid/us-npi").setValue("123")).setId("Practitioner/9");
    private final Map<String, Resource> stored = Map.of("Patient/7", patient, "Organization/org-north", organization,
            "Practitioner/9", practitioner);
    private final OutboundBundle.Targets targets = reference -> Optional.ofNullable(stored.get(reference));

    private Observation observation(String id) {
        Observation observation = new Observation();
        observation.setId("Observation/" + id + "/_history/2");
        observation.getMeta().setVersionId("2").addProfile("https://fhir.kaphub.org/StructureDefinition/kap-score-observation")
                .addSecurity("http://terminology.hl7.org/CodeSystem/v3-ActCode", "ETH", null)
                .addTag("https://kaphub.org/fhir/CodeSystem/organization", "org-north", null)
                .addTag("https://fhir.kaphub.org/CodeSystem/organization", "org-north", null)
                .addTag("http://example.org/tags", "keep", null);
        observation.setSubject(new Reference("Patient/7"));
        observation.addPerformer(new Reference("Practitioner/9").setDisplay("Dr Who"));
        observation.addPerformer(new Reference("#contained"));
        return observation;
    }

    @Test
    void everyEntryIsConditionalOnItsDeliveryKey() {
        Observation withoutIdentifier = observation("11");
        Bundle bundle = OutboundBundle.transaction(FHIR, List.of(Outgoing.live(withoutIdentifier), Outgoing.deleted(patient)),
                Set.of("Observation", "Patient"), targets);

        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
        assertThat(bundle.getEntry()).extracting(e -> e.getRequest().getMethod() + " " + e.getRequest().getUrl()).containsExactly(
                "PUT Observation?identifier=https%3A%2F%2Ffhir.kaphub.org%2Fsid%2Fresource%7C11",
                // \| \, \$ escape the search, then the URL
                "DELETE Patient?identifier=urn%3Aoid%3A1.2.3%7CA%5C%7C1%5C%2C%5C%24x");
        Observation sent = (Observation) bundle.getEntry().get(0).getResource();
        assertThat(sent.getIdentifier()).singleElement().satisfies(id -> {
            assertThat(id.getSystem()).isEqualTo(DeliveryKeys.RESOURCE_SYSTEM);
            assertThat(id.getValue()).isEqualTo("11");
        });
        assertThat(bundle.getEntry().get(1).hasResource()).isFalse();
        assertThat(withoutIdentifier.getIdentifier()).as("the stored resource is not changed").isEmpty();
    }

    @Test
    void referencesAreRewrittenForTheReceiver() {
        Bundle together = OutboundBundle.transaction(FHIR, List.of(Outgoing.live(patient), Outgoing.live(observation("11"))),
                Set.of("Observation", "Patient"), targets);
        Patient sentPatient = (Patient) together.getEntry().get(0).getResource();
        Observation sent = (Observation) together.getEntry().get(1).getResource();
        // in the same Bundle: its urn:uuid
        assertThat(sent.getSubject().getReference()).isEqualTo(together.getEntry().get(0).getFullUrl()).startsWith("urn:uuid:");
        // not a type the partner receives: a logical reference, with the display kept
        assertThat(sent.getPerformerFirstRep().getReference()).isNull();
        assertThat(sent.getPerformerFirstRep().getType()).isEqualTo("Practitioner");
        assertThat(sent.getPerformerFirstRep().getIdentifier().getValue()).isEqualTo("123");
        assertThat(sent.getPerformerFirstRep().getDisplay()).isEqualTo("Dr Who");
        assertThat(sent.getPerformer().get(1).getReference()).isEqualTo("#contained");
        assertThat(sentPatient.getManagingOrganization().getIdentifier().getSystem()).isEqualTo(DeliveryKeys.RESOURCE_SYSTEM);
        assertThat(sentPatient.getManagingOrganization().getIdentifier().getValue()).isEqualTo("org-north");

        // the patient elsewhere, of a type the partner receives: a conditional reference on its key
        Bundle alone = OutboundBundle.transaction(FHIR, List.of(Outgoing.live(observation("12"))), Set.of("Observation", "Patient"), targets);
        assertThat(((Observation) alone.getEntry().get(0).getResource()).getSubject().getReference())
                .isEqualTo("Patient?identifier=urn%3Aoid%3A1.2.3%7CA%5C%7C1%5C%2C%5C%24x");
        // … and when the partner does not receive Patients: logical
        Bundle noPatients = OutboundBundle.transaction(FHIR, List.of(Outgoing.live(observation("13"))), Set.of("Observation"), targets);
        Reference subject = ((Observation) noPatients.getEntry().get(0).getResource()).getSubject();
        assertThat(subject.getReference()).isNull();
        assertThat(subject.getIdentifier().getValue()).isEqualTo("A|1,$x");
    }

    @Test
    void kapHubsBookkeepingStaysHomeAndSecurityLabelsTravel() {
        Bundle bundle = OutboundBundle.transaction(FHIR, List.of(Outgoing.live(observation("11"))), Set.of("Observation"), targets);
        Observation sent = (Observation) bundle.getEntry().get(0).getResource();
        assertThat(sent.hasId()).isFalse();
        assertThat(sent.getMeta().hasVersionId()).isFalse();
        assertThat(sent.getMeta().getTag()).extracting(t -> t.getCode()).containsExactly("keep");
        assertThat(sent.getMeta().getSecurity()).extracting(t -> t.getCode()).containsExactly("ETH");
        assertThat(sent.getMeta().getProfile()).extracting(p -> p.getValue())
                .containsExactly("https://fhir.kaphub.org/StructureDefinition/kap-score-observation");
    }

    @Test
    void anOutgoingResourceNamesTheVersionThePartnerGets() {
        assertThat(Outgoing.live(observation("11")).versionedReference()).isEqualTo("Observation/11/_history/2");
        assertThat(Outgoing.deleted(patient).versionedReference()).isEqualTo("Patient/7/_history/4");
    }
}
