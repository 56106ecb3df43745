package org.kaphub.ownership;

import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.kaphub.ownership.PartnerWriteRefused.Reason;
import org.kaphub.partners.Partner;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PatientOwnershipTest {

    /** Listed north first: in id order the annex would come first. */
    static final Writer NORTH = Writer.of(partner("north", new java.util.LinkedHashSet<>(List.of("org-north", "Organization/org-annex"))));
    static final Writer UNLIMITED = Writer.of(partner("unlimited", Set.of()));
    /** A REST client acting for one patient (patient/ scopes). */
    static final Writer CONTEXT = new Writer("patient-app", Set.of(), "p1", false);

    @Test
    void aNewPatientWithoutManagingOrganisationGetsThePartnersFirstOrganisationAsTheRegistryListsThem() {
        Patient patient = new Patient();
        PatientOwnership.created(NORTH, patient);
        assertThat(patient.getManagingOrganization().getReference()).isEqualTo("Organization/org-north");
    }

    @Test
    void aNewPatientOfOneOfThePartnersOrganisationsIsKeptAsItIs() {
        Patient patient = managedBy("Organization/org-north");
        PatientOwnership.created(NORTH, patient);
        assertThat(patient.getManagingOrganization().getReference()).isEqualTo("Organization/org-north");
    }

    @Test
    void aNewPatientNamingAnotherOrganisationIsRefused() {
        for (String other : List.of("Organization/org-south", "https://elsewhere.example/fhir/Organization/org-north",
                "Practitioner/org-north", "#org-north")) {
            assertThatThrownBy(() -> PatientOwnership.created(NORTH, managedBy(other)))
                    .as(other).isInstanceOfSatisfying(PartnerWriteRefused.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.ORGANISATION_NOT_PARTNERS));
        }
    }

    @Test
    void aPartnerWithoutOrganisationsCreatesPatientsAsTheyAre() {
        Patient patient = new Patient();
        PatientOwnership.created(UNLIMITED, patient);
        assertThat(patient.hasManagingOrganization()).isFalse();
        PatientOwnership.created(UNLIMITED, managedBy("Organization/org-south"));
    }

    @Test
    void anUpdateWithoutManagingOrganisationKeepsTheStoredOneForEveryPartner() {
        for (Writer writer : List.of(NORTH, UNLIMITED)) {
            Patient next = named("Renamed");
            PatientOwnership.keepOrganisation(managedBy("Organization/org-north"), next);
            PatientOwnership.updated(writer, managedBy("Organization/org-north"), next);
            assertThat(next.getManagingOrganization().getReference()).as(writer.id()).isEqualTo("Organization/org-north");
            assertThat(next.getNameFirstRep().getFamily()).isEqualTo("Renamed");
        }
    }

    @Test
    void anUpdateOfAnotherOrganisationsPatientIsRefusedWhateverTheNewVersionSays() {
        for (Patient next : List.of(named("Renamed"), managedBy("Organization/org-north"), managedBy("Organization/org-south"))) {
            assertThatThrownBy(() -> PatientOwnership.updated(NORTH, managedBy("Organization/org-south"), next))
                    .isInstanceOfSatisfying(PartnerWriteRefused.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.PATIENT_NOT_WRITABLE));
        }
    }

    @Test
    void anOrganisationLimitedPartnerMayNotTakeOverAPatientWithoutOrganisation() {
        assertThatThrownBy(() -> PatientOwnership.updated(NORTH, named("Unowned"), managedBy("Organization/org-north")))
                .isInstanceOfSatisfying(PartnerWriteRefused.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.PATIENT_NOT_WRITABLE));
        PatientOwnership.updated(UNLIMITED, named("Unowned"), named("Still unowned"));
    }

    @Test
    void aPartnerMayMoveAPatientBetweenItsOwnOrganisationsButNotOutOfThem() {
        Patient moved = managedBy("Organization/org-annex");
        PatientOwnership.updated(NORTH, managedBy("Organization/org-north"), moved);
        assertThat(moved.getManagingOrganization().getReference()).isEqualTo("Organization/org-annex");
        assertThatThrownBy(() -> PatientOwnership.updated(NORTH, managedBy("Organization/org-north"), managedBy("Organization/org-south")))
                .isInstanceOfSatisfying(PartnerWriteRefused.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.ORGANISATION_NOT_PARTNERS));
    }

    @Test
    void deletesFollowTheStoredPatientsOrganisation() {
        PatientOwnership.deleted(NORTH, managedBy("Organization/org-north"));
        assertThatThrownBy(() -> PatientOwnership.deleted(NORTH, managedBy("Organization/org-south")))
                .isInstanceOf(PartnerWriteRefused.class);
        PatientOwnership.deleted(UNLIMITED, managedBy("Organization/org-south"));
    }

    @Test
    void theRefusalNamesNoPatientData() {
        assertThatThrownBy(() -> PatientOwnership.updated(NORTH, managedBy("Organization/org-south").addIdentifier(
                new Identifier().setSystem("urn:x").setValue("MR-4711")), named("Secretname")))
                .hasMessageNotContaining("MR-4711").hasMessageNotContaining("Secretname").hasMessageNotContaining("org-south");
    }

    @Test
    void theRefusalOfANewPatientOfAnotherOrganisationNamesOnlyOrganisations() {
        Patient foreign = named("Secretname");
        foreign.setManagingOrganization(new org.hl7.fhir.r4.model.Reference("Organization/org-south"));
        foreign.addIdentifier(new Identifier().setSystem("urn:x").setValue("MR-4711"));
        assertThatThrownBy(() -> PatientOwnership.requireOwnOrganisation(NORTH, foreign))
                .isInstanceOf(PartnerWriteRefused.class)
                .hasMessageContaining("Organization/org-south") // the client's own reference, to say what was wrong
                .hasMessageNotContaining("MR-4711").hasMessageNotContaining("Secretname");
    }

    @Test
    void organisationIsTheIdOfARelativeOrganizationReference() {
        assertThat(PatientOwnership.organisation(managedBy("Organization/org-north"))).contains("org-north");
        assertThat(PatientOwnership.organisation(managedBy("Organization/org-north/_history/2"))).contains("org-north");
        assertThat(PatientOwnership.organisation(named("x"))).isEmpty();
        assertThat(NORTH.mayWrite(named("x"))).isFalse();
        assertThat(UNLIMITED.mayWrite(named("x"))).isTrue();
    }

    @Test
    void aPatientContextWriterWritesOnlyItsOwnPatient() {
        Patient own = named("Own");
        own.setId("Patient/p1");
        Patient other = managedBy("Organization/org-north");
        other.setId("Patient/p2");
        PatientOwnership.updated(CONTEXT, own, named("Renamed"));
        assertThatThrownBy(() -> PatientOwnership.deleted(CONTEXT, other))
                .isInstanceOfSatisfying(PartnerWriteRefused.class, e -> assertThat(e.reason()).isEqualTo(Reason.PATIENT_NOT_WRITABLE));
    }

    static Patient managedBy(String reference) {
        Patient patient = named("Someone");
        patient.setManagingOrganization(new Reference(reference));
        return patient;
    }

    static Patient named(String family) {
        Patient patient = new Patient();
        patient.addName(new HumanName().setFamily(family));
        return patient;
    }

    static Partner partner(String id, Set<String> organisations) {
        return new Partner(id, id, Partner.Kind.CLINIC, null, null, Set.of(), false, true, organisations, List.of(),
                Set.of(), List.of(), List.of(), Set.of());
    }
}
