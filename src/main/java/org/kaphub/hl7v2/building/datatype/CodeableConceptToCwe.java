package org.kaphub.hl7v2.building.datatype;

import ca.uhn.hl7v2.model.DataTypeException;
import ca.uhn.hl7v2.model.v28.datatype.CWE;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.kaphub.vocabulary.CodeSystems;
import org.kaphub.vocabulary.KapCanonicals;

import java.util.Map;

/**
 * CodeableConcept → CWE (the inverse of {@link org.kaphub.hl7v2.mapping.datatype.CweToCodeableConcept}): the first
 * coding → CWE-1/3, the second → CWE-4/6, the text → CWE-2 (which every version has; the inbound side reads it as the
 * text when CWE-9 is empty). The code system goes out by its table 0396 name where the inbound table knows one, a
 * KAP "v2-coding-system-" system by the name it came with, any other as its URI (kept as is on the way in). Not
 * carried: codings after the second, coding displays (the inbound side never takes a sender's display).
 * <p>
 * Minimal, written for SIU (SCH-7/8, AIS-3); helper "ras-rde" owns the full CWE builder — merge into theirs.
 */
public final class CodeableConceptToCwe {

    /** FHIR system → table 0396 name, one per system (the inbound table has several names for some). */
    private static final Map<String, String> CODING_SYSTEM = Map.ofEntries(
            Map.entry(CodeSystems.LOINC, "LN"), Map.entry(CodeSystems.SNOMED_CT, "SCT"),
            Map.entry(CodeSystems.RXNORM, "RXNORM"), Map.entry("http://hl7.org/fhir/sid/ndc", "NDC"),
            Map.entry("http://hl7.org/fhir/sid/cvx", "CVX"), Map.entry("http://hl7.org/fhir/sid/icd-10", "I10"),
            Map.entry("http://hl7.org/fhir/sid/icd-10-cm", "I10C"), Map.entry("http://hl7.org/fhir/sid/icd-9-cm", "I9CM"),
            Map.entry(CodeSystems.UCUM, "UCUM"), Map.entry(CodeSystems.DICOM_DCM, "DCM"),
            Map.entry(CodeSystems.V2_0162, "HL70162"));

    private CodeableConceptToCwe() {
    }

    public static void fill(CWE cwe, CodeableConcept concept) throws DataTypeException {
        if (concept.getCoding().size() > 0) {
            Coding first = concept.getCoding().get(0);
            set(cwe.getIdentifier(), first.getCode());
            set(cwe.getNameOfCodingSystem(), codingSystem(first.getSystem()));
        }
        if (concept.getCoding().size() > 1) {
            Coding second = concept.getCoding().get(1);
            set(cwe.getAlternateIdentifier(), second.getCode());
            set(cwe.getNameOfAlternateCodingSystem(), codingSystem(second.getSystem()));
        }
        set(cwe.getText(), concept.getText());
    }

    static String codingSystem(String system) {
        if (system == null) {
            return null;
        }
        if (system.startsWith(KapCanonicals.V2_CODING_SYSTEM)) {
            return system.substring(KapCanonicals.V2_CODING_SYSTEM.length());
        }
        return CODING_SYSTEM.getOrDefault(system, system);
    }

    private static void set(ca.uhn.hl7v2.model.Primitive primitive, String value) throws DataTypeException {
        if (value != null && !value.isBlank()) {
            primitive.setValue(value);
        }
    }
}
