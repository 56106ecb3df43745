package org.kaphub.ownership;

import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.kaphub.ownership.PartnerWriteRefused.Reason;

import java.util.Optional;

/**
 * The rules for a Patient, without storage: a patient belongs to the organisation named by its
 * {@code managingOrganization}; an organisation-limited writer writes only patients of its organisations, and what it
 * creates belongs to one of them (none named: its first). For every writer a new version without
 * {@code managingOrganization} keeps the stored one: HL7 v2 ADT carries no managing organisation, and an A08 used to
 * drop it (the patient's own clinic then lost sight of it).
 */
public final class PatientOwnership {

    private static final String ORGANIZATION = "Organization";

    private PatientOwnership() {
    }

    /**
     * The organisation a patient is managed by: the id of a relative {@code Organization/<id>} reference; any other
     * reference (absolute, contained, another type) as written, which matches no organisation id.
     */
    static Optional<String> organisation(Patient patient) {
        if (patient == null || !patient.hasManagingOrganization()) {
            return Optional.empty();
        }
        Reference reference = patient.getManagingOrganization();
        IIdType id = reference.getReferenceElement();
        if (!id.hasIdPart()) {
            return Optional.ofNullable(reference.getReference()); // identifier-only: none; "#x": itself
        }
        if (id.isAbsolute() || id.isLocal() || !ORGANIZATION.equals(id.getResourceType())) {
            return Optional.of(id.getValue());
        }
        return Optional.of(id.getIdPart());
    }

    /**
     * A Patient an organisation-limited writer sends (create or new version) names one of its organisations, or none
     * (then it is defaulted or kept). Also used by security/ before the scope rules, to answer with this reason.
     */
    public static void requireOwnOrganisation(Writer writer, Patient patient) {
        if (writer.organisationLimited() && patient.getManagingOrganization().hasReference()
                && organisation(patient).filter(writer.organisations()::contains).isEmpty()) {
            throw new PartnerWriteRefused(Reason.ORGANISATION_NOT_PARTNERS, "Patient.managingOrganization must be one of "
                    + writer.organisations().stream().map(o -> ORGANIZATION + "/" + o).toList() + "; it names "
                    + patient.getManagingOrganization().getReference());
        }
    }

    /** A Patient created: one without an organisation gets the writer's first. */
    static void created(Writer writer, Patient patient) {
        if (writer.organisationLimited() && organisation(patient).isEmpty()) {
            patient.setManagingOrganization(new Reference(ORGANIZATION + "/" + writer.firstOrganisation()));
        }
        requireOwnOrganisation(writer, patient);
    }

    /** A new version without {@code managingOrganization} keeps the stored one (every writer). */
    static void keepOrganisation(Patient stored, Patient next) {
        if (!next.hasManagingOrganization() && stored.hasManagingOrganization()) {
            next.setManagingOrganization(stored.getManagingOrganization().copy());
        }
    }

    /** A stored Patient replaced (update, patch) by {@code next}. */
    static void updated(Writer writer, Patient stored, Patient next) {
        // First whether the stored patient may be written at all, before anything about the new version.
        deleted(writer, stored);
        requireOwnOrganisation(writer, next);
    }

    static void deleted(Writer writer, Patient stored) {
        if (!writer.mayWrite(stored)) {
            throw new PartnerWriteRefused(Reason.PATIENT_NOT_WRITABLE);
        }
    }
}
