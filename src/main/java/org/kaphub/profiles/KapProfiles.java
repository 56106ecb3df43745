package org.kaphub.profiles;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.kaphub.vocabulary.KapCanonicals;
import org.kaphub.vocabulary.RxNorm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which profile of the KAP implementation guide (fhir-profiles/) a resource must meet whether or not it declares
 * one in meta.profile.
 */
public final class KapProfiles {

    /** Resource types every write of which is validated against its KAP profile. */
    private static final Map<String, String> REQUIRED = Map.of(
            "CarePlan", KapCanonicals.CAREPLAN_PROFILE,
            "MedicationRequest", KapCanonicals.MEDICATION_REQUEST_PROFILE,
            "MedicationAdministration", KapCanonicals.MEDICATION_ADMINISTRATION_PROFILE,
            "QuestionnaireResponse", KapCanonicals.QUESTIONNAIRE_RESPONSE_PROFILE);

    private KapProfiles() {
    }

    public static Set<String> enforcedTypes() {
        return REQUIRED.keySet();
    }

    /** The KAP profiles this resource must meet beyond those it declares; empty for types we do not enforce. */
    public static List<String> requiredFor(IBaseResource resource) {
        String type = resource.fhirType();
        String required = REQUIRED.get(type);
        if (required == null) {
            return List.of();
        }
        List<String> profiles = new ArrayList<>(List.of(required));
        if (resource instanceof MedicationAdministration administration
                && administration.getMedication() instanceof CodeableConcept medication && isEsketamine(medication)) {
            profiles.add(KapCanonicals.ESKETAMINE_ADMINISTRATION_PROFILE);
        }
        return profiles;
    }

    public static boolean isEsketamine(CodeableConcept medication) {
        return medication.getCoding().stream()
                .anyMatch(c -> RxNorm.isEsketamine(c.getSystem(), c.getCode()));
    }

    static boolean isEsketamine(MedicationRequest request) {
        return request.getMedication() instanceof CodeableConcept medication && isEsketamine(medication);
    }
}
