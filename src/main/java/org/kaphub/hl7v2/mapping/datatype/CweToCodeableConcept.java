package org.kaphub.hl7v2.mapping.datatype;

import ca.uhn.hl7v2.model.Segment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.kaphub.hl7v2.mapping.V2Fields;
import org.kaphub.vocabulary.KapCanonicals;

import java.util.Optional;

/**
 * CWE/CE/CNE → CodeableConcept (v2-to-FHIR datatype map CWE[CodeableConcept]): CWE-1/2/3 the first coding, CWE-4/5/6
 * the alternate coding, CWE-9 (original text) or CWE-2 the text. CWE-3 names the code system through table 0396
 * (code table {@code coding-system}); a sender that already gives a URI (http(s) or urn) keeps it; a local or unknown
 * name becomes {@code https://fhir.kaphub.org/CodeSystem/v2-coding-system-<name>} ({@link KapCanonicals#V2_CODING_SYSTEM}),
 * so the code is kept, never guessed.
 */
public final class CweToCodeableConcept {

    private CweToCodeableConcept() {
    }

    /** Empty when neither a code nor a text is valued. */
    public static Optional<CodeableConcept> map(Segment segment, int field, int repetition) {
        CodeableConcept concept = new CodeableConcept();
        coding(segment, field, repetition, 1).ifPresent(concept::addCoding);
        coding(segment, field, repetition, 4).ifPresent(concept::addCoding);
        String text = V2Fields.get(segment, field, repetition, 9, 1);
        if (text == null) {
            text = V2Fields.get(segment, field, repetition, 2, 1);
        }
        if (text != null) {
            concept.setText(text);
        }
        return concept.isEmpty() ? Optional.empty() : Optional.of(concept);
    }

    public static Optional<CodeableConcept> map(Segment segment, int field) {
        return map(segment, field, 0);
    }

    /** The code system URI for a table 0396 name; null when no name was sent. */
    public static String system(String v2CodingSystem) {
        if (v2CodingSystem == null) {
            return null;
        }
        if (v2CodingSystem.matches("(?i)^(https?://|urn:).+")) {
            return v2CodingSystem; // already a FHIR system URI (e.g. a KAP CodeSystem)
        }
        return CodeTables.code("coding-system", v2CodingSystem)
                .or(() -> CodeTables.code("coding-system", v2CodingSystem.toUpperCase(java.util.Locale.ROOT)))
                .orElse(KapCanonicals.V2_CODING_SYSTEM + v2CodingSystem.replaceAll("[^A-Za-z0-9._-]", "_"));
    }

    private static Optional<Coding> coding(Segment segment, int field, int repetition, int first) {
        String code = V2Fields.get(segment, field, repetition, first, 1);
        if (code == null) {
            return Optional.empty();
        }
        Coding coding = new Coding().setCode(code);
        String display = V2Fields.get(segment, field, repetition, first + 1, 1);
        if (display != null) {
            coding.setDisplay(display);
        }
        String system = system(V2Fields.get(segment, field, repetition, first + 2, 1));
        if (system != null) {
            coding.setSystem(system);
        }
        return Optional.of(coding);
    }
}
