package org.kaphub.vocabulary;

/**
 * Every URL of KAP Hub's own, under one base: the KAP guide's canonical (fhir-profiles/sushi-config.yaml) —
 * profiles and extensions of the guide, and the identifier and code systems the server itself maintains
 * ({@code /sid/…}, {@code /CodeSystem/…}). Patient identifier systems derived from HL7 v2 namespaces are configured
 * instead (kap.hl7v2.identifier-system-base).
 */
public final class KapCanonicals {

    public static final String BASE = "https://fhir.kaphub.org";
    public static final String STRUCTURE_DEFINITION = BASE + "/StructureDefinition/";
    public static final String CODE_SYSTEM = BASE + "/CodeSystem/";
    public static final String IDENTIFIER_SYSTEM = BASE + "/sid/";
    public static final String QUESTIONNAIRE = BASE + "/Questionnaire/";

    // Profiles of the guide that the server enforces
    public static final String PATIENT_PROFILE = STRUCTURE_DEFINITION + "kap-patient";
    public static final String CAREPLAN_PROFILE = STRUCTURE_DEFINITION + "kap-careplan";
    public static final String MEDICATION_REQUEST_PROFILE = STRUCTURE_DEFINITION + "kap-medicationrequest";
    public static final String MEDICATION_ADMINISTRATION_PROFILE = STRUCTURE_DEFINITION + "kap-medicationadministration";
    public static final String ESKETAMINE_ADMINISTRATION_PROFILE = STRUCTURE_DEFINITION + "kap-esketamine-administration";
    public static final String QUESTIONNAIRE_RESPONSE_PROFILE = STRUCTURE_DEFINITION + "kap-questionnaireresponse";
    public static final String SCORE_OBSERVATION_PROFILE = STRUCTURE_DEFINITION + "kap-score-observation";
    public static final String BLOOD_PRESSURE_PROFILE = STRUCTURE_DEFINITION + "kap-blood-pressure";
    public static final String HEART_RATE_PROFILE = STRUCTURE_DEFINITION + "kap-heart-rate";
    public static final String RESPIRATORY_RATE_PROFILE = STRUCTURE_DEFINITION + "kap-respiratory-rate";
    public static final String OXYGEN_SATURATION_PROFILE = STRUCTURE_DEFINITION + "kap-oxygen-saturation";

    // Extensions of the guide
    public static final String MEDICATION_LOT = STRUCTURE_DEFINITION + "kap-medication-lot";
    public static final String DOSE_PER_BODY_WEIGHT = STRUCTURE_DEFINITION + "kap-dose-per-body-weight";
    public static final String DOSING_TIMEPOINT = STRUCTURE_DEFINITION + "kap-dosing-timepoint";
    public static final String SCORE_BAND = STRUCTURE_DEFINITION + "kap-score-band";
    public static final String REMS_PATIENT_ENROLLMENT = STRUCTURE_DEFINITION + "kap-rems-patient-enrollment";
    public static final String REMS_MONITORING_DURATION = STRUCTURE_DEFINITION + "kap-rems-monitoring-duration";
    public static final String REMS_READY_FOR_DISCHARGE = STRUCTURE_DEFINITION + "kap-rems-ready-for-discharge";

    // Code systems and Questionnaires of the guide
    public static final String REMS_DOSE = CODE_SYSTEM + "kap-rems-dose";
    public static final String REMS_MONITORING_FORM = QUESTIONNAIRE + "rems-monitoring";

    // Identifier systems the server maintains
    /** A received HL7 v2 message: its journal id. */
    public static final String MESSAGE_JOURNAL_SID = IDENTIFIER_SYSTEM + "message-journal";
    /** An HL7 v2 sender: {@code MSH-3|MSH-4}. */
    public static final String HL7V2_SENDER_SID = IDENTIFIER_SYSTEM + "hl7v2-sender";
    /** An HL7 v2 message control id (MSH-10), as audit records name the message. */
    public static final String HL7V2_CONTROL_ID_SID = IDENTIFIER_SYSTEM + "hl7v2-control-id";
    /**
     * A partner of the registry, by its id (e.g. a Consent actor naming a partner that has no organisation; the
     * recipient in audit records of deliveries).
     */
    public static final String PARTNER_SID = IDENTIFIER_SYSTEM + "partner";
    /** An OAuth client id (audit records). */
    public static final String CLIENT_ID_SID = IDENTIFIER_SYSTEM + "client-id";
    /** A resource reference kept as an identifier where the reference itself cannot stand (audit records). */
    public static final String RESOURCE_ID_SID = IDENTIFIER_SYSTEM + "resource-id";
    /**
     * A resource's logical id on KAP Hub, as the identifier a partner knows it by when it has no business identifier
     * (delivery/push: the key of its conditional updates).
     */
    public static final String RESOURCE_SID = IDENTIFIER_SYSTEM + "resource";

    // Code systems the server maintains
    /** meta.tag of every record of the Patient compartment: code = the id of an Organization it belongs to. */
    public static final String ORGANIZATION_TAG = CODE_SYSTEM + "organization";
    public static final String AUDIT_EVENT_TYPE = CODE_SYSTEM + "audit-event-type";
    /** Prefix of a code system an HL7 v2 sender names (CWE-3) that KAP Hub does not know: the name follows. */
    public static final String V2_CODING_SYSTEM = CODE_SYSTEM + "v2-coding-system-";

    // Read, never written: records stored before the one base still carry these
    /** The organisation tag's system before the one base: records tagged with it stay visible to their organisation. */
    public static final String LEGACY_ORGANIZATION_TAG = "https://kaphub.org/fhir/CodeSystem/organization";

    private KapCanonicals() {
    }
}
