package org.kaphub.hl7v2.building.datatype;

import ca.uhn.hl7v2.model.DataTypeException;
import ca.uhn.hl7v2.model.v28.datatype.CWE;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.kaphub.hl7v2.mapping.datatype.CweToCodeableConcept;
import org.kaphub.vocabulary.KapCanonicals;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CodeableConcept / Coding → CWE (the inverse of {@link CweToCodeableConcept}): the first coding → CWE-1..3, the
 * second → CWE-4..6; the text (else the first coding's display) → CWE-2, which the inbound side reads back as the
 * text (it keeps a sender's words as text, never as a coding's display). CWE-9 is not used: it does not exist in the
 * CE of v2.3/2.4, and CWE-2 carries the same words in every version. Further codings are not sent (CWE has room for
 * two besides the second alternate of v2.7+, which the inbound side does not read).
 */
public final class CodeableConceptToCwe {

    /**
     * FHIR code system → table 0396 name, for the names the inbound table {@code coding-system} maps back to the same
     * system (the URIs are read from that table, so the two directions cannot drift apart).
     */
    private static final Map<String, String> CODING_SYSTEM = Stream.of("LN", "SCT", "RXNORM", "NDC", "CVX", "I10", "I10C",
                    "I9C", "UCUM", "DCM", "HL70078", "HL70162", "HL70396")
            .collect(Collectors.toMap(name -> CweToCodeableConcept.system(name), Function.identity()));

    private CodeableConceptToCwe() {
    }

    public static void fill(CWE cwe, CodeableConcept concept) throws DataTypeException {
        List<Coding> codings = concept.getCoding().stream().filter(Coding::hasCode).toList();
        if (!codings.isEmpty()) {
            Coding first = codings.get(0);
            cwe.getIdentifier().setValue(first.getCode());
            cwe.getNameOfCodingSystem().setValue(codingSystem(first.getSystem()));
        }
        String text = concept.hasText() ? concept.getText() : codings.isEmpty() ? null : codings.get(0).getDisplay();
        cwe.getText().setValue(text);
        if (codings.size() > 1) {
            Coding second = codings.get(1);
            cwe.getAlternateIdentifier().setValue(second.getCode());
            cwe.getAlternateText().setValue(second.getDisplay());
            cwe.getNameOfAlternateCodingSystem().setValue(codingSystem(second.getSystem()));
        }
    }

    /**
     * Table 0396 name of a code system: its v2 name where the inbound side maps that name back to it; a KAP local
     * system's own name; else the URI itself, which the inbound side keeps as sent. Null for no system.
     */
    public static String codingSystem(String system) {
        if (system == null) {
            return null;
        }
        String name = CODING_SYSTEM.get(system);
        if (name != null) {
            return name;
        }
        if (system.startsWith(KapCanonicals.V2_CODING_SYSTEM)) {
            return system.substring(KapCanonicals.V2_CODING_SYSTEM.length());
        }
        return system;
    }
}
