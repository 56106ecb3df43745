package org.kaphub.hl7v2.mapping.datatype;

import ca.uhn.hl7v2.model.Segment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.kaphub.hl7v2.mapping.V2Fields;
import org.kaphub.vocabulary.KapCanonicals;

import java.util.Optional;

/**
 * CWE/CE/CNE → CodeableConcept (v2-to-FHIR datatype map CWE[CodeableConcept]): CWE-1/3 the first coding, CWE-4/6
 * the alternate coding; the sender's words — CWE-9 (original text), else CWE-2, else CWE-5 — the text. A sender's
 * display is not the code system's ("Consult note" for v2-0270 CN, which is "Consultation"), and a validator
 * rejects a coding.display the code system does not have: so codings carry no display from the message (the route
 * fills in the code system's own where KAP Hub knows it, see {@code CodeDisplays}). CWE-3 names the code system
 * through table 0396 (code table {@code coding-system}); a sender that already gives a URI (http(s) or urn) keeps it;
 * a local or unknown name becomes {@code https://fhir.kaphub.org/CodeSystem/v2-coding-system-<name>} ({@link KapCanonicals#V2_CODING_SYSTEM}), so the code is kept, never guessed.
 */
public final class CweToCodeableConcept {

    private CweToCodeableConcept() {
    }

    /** Empty when neither a code nor a text is valued. */
    public static Optional<CodeableConcept> map(Segment segment, int field, int repetition) {
        CodeableConcept concept = new CodeableConcept();
        coding(segment, field, repetition, 1).ifPresent(concept::addCoding);
        coding(segment, field, repetition, 4).ifPresent(concept::addCoding);
        senderText(segment, field, repetition).ifPresent(concept::setText);
        return concept.isEmpty() ? Optional.empty() : Optional.of(concept);
    }

    /**
     * A coded field of one HL7 table (TXA-2 document type → v2-0270): CWE-1 as a code of {@code tableSystem}, the
     * sender's words as text. Empty when the code is not valued.
     */
    public static Optional<CodeableConcept> inTable(Segment segment, int field, String tableSystem) {
        String code = V2Fields.get(segment, field, 0, 1, 1);
        if (code == null) {
            return Optional.empty();
        }
        CodeableConcept concept = new CodeableConcept(new Coding().setSystem(tableSystem).setCode(code));
        senderText(segment, field, 0).ifPresent(concept::setText);
        return Optional.of(concept);
    }

    private static Optional<String> senderText(Segment segment, int field, int repetition) {
        for (int component : new int[]{9, 2, 5}) {
            String text = V2Fields.get(segment, field, repetition, component, 1);
            if (text != null) {
                return Optional.of(text);
            }
        }
        return Optional.empty();
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
        String system = system(V2Fields.get(segment, field, repetition, first + 2, 1));
        if (system != null) {
            coding.setSystem(system);
        }
        return Optional.of(coding);
    }
}
