package org.kaphub.delivery.entitlement;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.kaphub.vocabulary.CodeSystems;

import java.util.Optional;
import java.util.Set;

/**
 * What the entitlement rule needs to know of one record, read once: its type, its patient ({@code Patient/<id>}; a
 * Patient is its own), the organisations it belongs to (the server's organisation stamp) and whether it carries a
 * 42 CFR Part 2 label, and whether KAP Hub builds an HL7 v2 message for it (for partners receiving over MLLP).
 *
 * @param patient {@code Patient/<id>}, or null for a record of no patient
 * @param hl7v2   one of KAP Hub's HL7 v2 builders makes a message of it
 */
public record DeliveredRecord(String type, String id, String patient, Set<String> organisations, boolean part2,
                              boolean hl7v2) {

    private static final String PATIENT = "Patient";

    /**
     * The KAP records that travel to partners (issue 12): administrations, questionnaire responses and their scores,
     * vital signs, care plans, appointments, prescriptions, patients and documents. Observations other than vital
     * signs and scores (category {@code survey}, as the KAP Score Observation profile asks) stay here.
     */
    private static final Set<String> TYPES = Set.of("MedicationAdministration", "QuestionnaireResponse", "Observation",
            "CarePlan", "Appointment", "MedicationRequest", PATIENT, "DocumentReference");
    private static final Set<String> OBSERVATION_CATEGORIES = Set.of("vital-signs", "survey");

    public DeliveredRecord {
        organisations = Set.copyOf(organisations);
    }

    /** A record no HL7 v2 builder makes a message of. */
    public DeliveredRecord(String type, String id, String patient, Set<String> organisations, boolean part2) {
        this(type, id, patient, organisations, part2, false);
    }

    /** Whether partners receive records like this one at all (whoever they are). */
    public static boolean delivered(IBaseResource resource) {
        String type = resource.fhirType();
        if (!TYPES.contains(type)) {
            return false;
        }
        if (resource instanceof Observation observation) {
            return observation.getCategory().stream().flatMap(category -> category.getCoding().stream())
                    .anyMatch(DeliveredRecord::deliveredCategory);
        }
        return true;
    }

    /** The patient a record is about: a Patient itself, else the first Patient of its compartment owners. */
    public static Optional<String> patientOf(FhirContext fhir, IBaseResource resource) {
        if (PATIENT.equals(resource.fhirType())) {
            return Optional.of(PATIENT + "/" + resource.getIdElement().getIdPart());
        }
        for (IIdType owner : fhir.newTerser().getCompartmentOwnersForResource(PATIENT, resource, (Set<String>) null)) {
            if (PATIENT.equals(owner.getResourceType()) && owner.hasIdPart() && !owner.getValue().startsWith("urn:")) {
                return Optional.of(PATIENT + "/" + owner.getIdPart());
            }
        }
        return Optional.empty();
    }

    /** The rows of one key go out in order: the patient's, else (a record of no patient) the record's own. */
    public String orderKey() {
        return patient != null ? patient : type + "/" + id;
    }

    /** The patient's logical id (the Consent search needs it); null for a record of no patient. */
    public String patientId() {
        return patient == null ? null : patient.substring(PATIENT.length() + 1);
    }

    private static boolean deliveredCategory(Coding coding) {
        return CodeSystems.OBSERVATION_CATEGORY.equals(coding.getSystem()) && OBSERVATION_CATEGORIES.contains(coding.getCode());
    }
}
