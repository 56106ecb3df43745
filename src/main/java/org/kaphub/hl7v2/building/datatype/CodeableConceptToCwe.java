package org.kaphub.hl7v2.building.datatype;

import ca.uhn.hl7v2.model.DataTypeException;
import ca.uhn.hl7v2.model.v28.datatype.CWE;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.kaphub.vocabulary.CodeSystems;
import org.kaphub.vocabulary.KapCanonicals;

import java.util.List;
import java.util.Map;

/**
 * CodeableConcept → CWE (the inverse of {@link org.kaphub.hl7v2.mapping.datatype.CweToCodeableConcept}): the first
 * coding → CWE-1/3, the second → CWE-4/6, the code system by its HL7 table 0396 name ({@link #codingSystemName}).
 * The text goes to CWE-2, where every version has room for it and the inbound side reads it back as text; a concept
 * without text sends the first coding's display there (and the second coding's to CWE-5) — the inbound side then
 * reads that display as the text. Not carried: a third or later coding (CWE-10..12 exist only from v2.7, and the
 * inbound side does not read them), and displays when a text is present.
 */
public final class CodeableConceptToCwe {

    /**
     * FHIR code system → the one HL7 table 0396 name to send: the inbound table {@code coding-system} has several
     * names for some systems (LN and LOINC, SCT and SNOMED …); this picks the one table 0396 lists.
     */
    private static final Map<String, String> TABLE_0396_NAMES = Map.ofEntries(
            Map.entry(CodeSystems.LOINC, "LN"),
            Map.entry(CodeSystems.SNOMED_CT, "SCT"),
            Map.entry(CodeSystems.RXNORM, "RXNORM"),
            Map.entry("http://hl7.org/fhir/sid/ndc", "NDC"),
            Map.entry("http://hl7.org/fhir/sid/cvx", "CVX"),
            Map.entry("http://hl7.org/fhir/sid/icd-10", "I10"),
            Map.entry("http://hl7.org/fhir/sid/icd-10-cm", "I10C"),
            Map.entry("http://hl7.org/fhir/sid/icd-9-cm", "I9C"),
            Map.entry(CodeSystems.UCUM, "UCUM"),
            Map.entry("http://dicom.nema.org/resources/ontology/DCM", "DCM"),
            Map.entry(CodeSystems.V2_0162, "HL70162"),
            Map.entry("http://terminology.hl7.org/CodeSystem/v2-0396", "HL70396"));

    private CodeableConceptToCwe() {
    }

    public static void fill(CWE cwe, CodeableConcept concept) throws DataTypeException {
        List<Coding> codings = concept.getCoding().stream().filter(Coding::hasCode).toList();
        if (!codings.isEmpty()) {
            Coding first = codings.get(0);
            cwe.getIdentifier().setValue(first.getCode());
            cwe.getNameOfCodingSystem().setValue(codingSystemName(first.getSystem()));
        }
        if (codings.size() > 1) {
            Coding second = codings.get(1);
            cwe.getAlternateIdentifier().setValue(second.getCode());
            cwe.getNameOfAlternateCodingSystem().setValue(codingSystemName(second.getSystem()));
            if (!concept.hasText() && second.hasDisplay()) {
                cwe.getAlternateText().setValue(second.getDisplay());
            }
        }
        if (concept.hasText()) {
            cwe.getText().setValue(concept.getText());
        } else if (!codings.isEmpty() && codings.get(0).hasDisplay()) {
            cwe.getText().setValue(codings.get(0).getDisplay());
        }
    }

    /**
     * The CWE-3 name of a code system, read back by the inbound side as the same system: its table 0396 name; the
     * local name a system of KAP Hub's {@link KapCanonicals#V2_CODING_SYSTEM} form was made from; else the URI itself
     * (the inbound side keeps a URI as the system). Null for no system.
     */
    public static String codingSystemName(String system) {
        if (system == null) {
            return null;
        }
        String name = TABLE_0396_NAMES.get(system);
        if (name != null) {
            return name;
        }
        if (system.startsWith(KapCanonicals.V2_CODING_SYSTEM)) {
            return system.substring(KapCanonicals.V2_CODING_SYSTEM.length());
        }
        return system;
    }

    static Map<String, String> table0396Names() {
        return TABLE_0396_NAMES;
    }
}
