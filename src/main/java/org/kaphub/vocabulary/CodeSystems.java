package org.kaphub.vocabulary;

/** External code systems by their FHIR URI (and OID where records carry that form too). */
public final class CodeSystems {

    public static final String LOINC = "http://loinc.org";
    public static final String UCUM = "http://unitsofmeasure.org";
    public static final String SNOMED_CT = "http://snomed.info/sct";
    public static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
    public static final String DICOM_DCM = "http://dicom.nema.org/resources/ontology/DCM";
    /** An identifier that is a URL (e.g. a record's address at a partner). */
    public static final String URI = "urn:ietf:rfc:3986";

    private static final String THO = "http://terminology.hl7.org/CodeSystem/";

    public static final String V3_ACT_CODE = THO + "v3-ActCode";
    public static final String V3_ACT_CODE_OID = "urn:oid:2.16.840.1.113883.5.4";
    public static final String V3_CONFIDENTIALITY = THO + "v3-Confidentiality";
    public static final String V3_CONFIDENTIALITY_OID = "urn:oid:2.16.840.1.113883.5.25";
    public static final String V3_PARTICIPATION_TYPE = THO + "v3-ParticipationType";
    public static final String V3_PARTICIPATION_TYPE_OID = "urn:oid:2.16.840.1.113883.5.90";

    /** HL7 v2 tables: 0003 event type, 0004 patient class, 0162 route, 0203 identifier type, 0270 document type. */
    public static final String V2_0003 = THO + "v2-0003";
    public static final String V2_0004 = THO + "v2-0004";
    public static final String V2_0162 = THO + "v2-0162";
    public static final String V2_0203 = THO + "v2-0203";
    public static final String V2_0270 = THO + "v2-0270";

    public static final String OBSERVATION_CATEGORY = THO + "observation-category";
    public static final String DATA_ABSENT_REASON = THO + "data-absent-reason";
    public static final String PROVENANCE_PARTICIPANT_TYPE = THO + "provenance-participant-type";
    public static final String AUDIT_ENTITY_TYPE = THO + "audit-entity-type";
    public static final String SECURITY_SOURCE_TYPE = THO + "security-source-type";
    public static final String RESTFUL_SECURITY_SERVICE = THO + "restful-security-service";

    private CodeSystems() {
    }
}
