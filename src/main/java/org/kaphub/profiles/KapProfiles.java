package org.kaphub.profiles;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The canonical URLs of the KAP implementation guide (fhir-profiles/) that the server enforces, and which
 * profile a resource must meet whether or not it declares one in meta.profile.
 */
public final class KapProfiles {

    public static final String CANONICAL = "https://fhir.kaphub.org";
    public static final String SD = CANONICAL + "/StructureDefinition/";

    public static final String PATIENT = SD + "kap-patient";
    public static final String CAREPLAN = SD + "kap-careplan";
    public static final String MEDICATION_REQUEST = SD + "kap-medicationrequest";
    public static final String MEDICATION_ADMINISTRATION = SD + "kap-medicationadministration";
    public static final String ESKETAMINE_ADMINISTRATION = SD + "kap-esketamine-administration";
    public static final String QUESTIONNAIRE_RESPONSE = SD + "kap-questionnaireresponse";
    public static final String SCORE_OBSERVATION = SD + "kap-score-observation";

    public static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
    /** esketamine Nasal Spray (SCDF) and [Spravato] (SBDF), verified in the domain notes. */
    public static final Set<String> ESKETAMINE_RXNORM = Set.of("2201623", "2201625");

    /** Resource types every write of which is validated against its KAP profile. */
    private static final Map<String, String> REQUIRED = Map.of(
            "CarePlan", CAREPLAN,
            "MedicationRequest", MEDICATION_REQUEST,
            "MedicationAdministration", MEDICATION_ADMINISTRATION,
            "QuestionnaireResponse", QUESTIONNAIRE_RESPONSE);

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
            profiles.add(ESKETAMINE_ADMINISTRATION);
        }
        return profiles;
    }

    public static boolean isEsketamine(CodeableConcept medication) {
        return medication.getCoding().stream()
                .anyMatch(c -> RXNORM.equals(c.getSystem()) && ESKETAMINE_RXNORM.contains(c.getCode()));
    }

    static boolean isEsketamine(MedicationRequest request) {
        return request.getMedication() instanceof CodeableConcept medication && isEsketamine(medication);
    }
}
