package org.kaphub.hl7v2.mapping.datatype;

import org.kaphub.vocabulary.KapCanonicals;

import org.kaphub.vocabulary.CodeSystems;

import ca.uhn.hl7v2.model.Segment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.kaphub.hl7v2.mapping.V2Message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.kaphub.hl7v2.Hl7v2Fixtures.ZONE;
import static org.kaphub.hl7v2.Hl7v2Fixtures.parse;

/** CWE → CodeableConcept: codes in codings, the sender's words in text, never as a coding's display. */
class CweToCodeableConceptTest {

    private static final String MSH = "MSH|^~\\&|KAPEHR|SOUTHCLINIC|KAPHUB|KAP|20240306080000-0800||ORU^R01^ORU_R01|C-9|P|2.5.1";

    @Test
    void bothTripletsBecomeCodingsWithoutTheSendersDisplays() {
        // OBX-3: LOINC triplet, then the sender's local alternate
        CodeableConcept concept = obx3("8867-4^Pulse^LN^HR^Heart rate (local)^L").orElseThrow();

        assertThat(concept.getCoding()).extracting(Coding::getSystem, Coding::getCode, Coding::getDisplay).containsExactly(
                tuple("http://loinc.org", "8867-4", null),
                tuple(KapCanonicals.V2_CODING_SYSTEM + "L", "HR", null));
        assertThat(concept.getText()).isEqualTo("Pulse");
    }

    @ParameterizedTest(name = "{0} → text {1}")
    @CsvSource(delimiter = ';', value = {
            "8867-4^Pulse^LN^HR^Heart rate^L^^^Pulse as the nurse wrote it; Pulse as the nurse wrote it",  // CWE-9 original text wins
            "8867-4^Pulse^LN^HR^Heart rate^L; Pulse",                                                       // else CWE-2
            "8867-4^^LN^HR^Heart rate^L; Heart rate",                                                       // else CWE-5
    })
    void textIsTheSendersOriginalTextElseItsFirstThenItsAlternateDisplay(String cwe, String text) {
        assertThat(obx3(cwe).orElseThrow().getText()).isEqualTo(text);
    }

    @Test
    void codeWithoutAnyWordsHasNoText() {
        CodeableConcept concept = obx3("8867-4^^LN").orElseThrow();

        assertThat(concept.hasText()).isFalse();
        assertThat(concept.getCodingFirstRep().getCode()).isEqualTo("8867-4");
    }

    @Test
    void aFieldOfOneTableIsCodedInThatTableWithTheSendersWordsAsText() {
        Segment txa = segment("TXA|1|CN^Consult note|TX", "TXA");

        CodeableConcept type = CweToCodeableConcept.inTable(txa, 2, "http://terminology.hl7.org/CodeSystem/v2-0270").orElseThrow();

        assertThat(type.getCoding()).extracting(Coding::getSystem, Coding::getCode, Coding::hasDisplay)
                .containsExactly(tuple("http://terminology.hl7.org/CodeSystem/v2-0270", "CN", false));
        assertThat(type.getText()).isEqualTo("Consult note");
    }

    @Test
    void routeKeepsTheSendersWordsAsText() {
        Segment rxr = segment("RXR|IV^Into the vein^HL70162", "RXR");

        CodeableConcept route = RouteAndUnits.route(rxr, 1).orElseThrow();

        assertThat(route.getText()).isEqualTo("Into the vein");
        assertThat(route.getCoding()).filteredOn(c -> CodeSystems.V2_0162.equals(c.getSystem()))
                .singleElement().satisfies(c -> assertThat(c.hasDisplay()).isFalse());
    }

    private static java.util.Optional<CodeableConcept> obx3(String cwe) {
        return CweToCodeableConcept.map(segment("OBX|1|NM|" + cwe + "||88|/min|||||F", "OBX"), 3);
    }

    private static Segment segment(String line, String name) {
        String message = switch (name) {
            case "TXA" -> String.join("\r", MSH.replace("ORU^R01^ORU_R01", "MDM^T02^MDM_T02"), "EVN|T02|20240308170000",
                    "PID|1||M1^^^SOUTHCLINIC^MR", "PV1|1|O", line);
            case "RXR" -> String.join("\r", MSH.replace("ORU^R01^ORU_R01", "RAS^O17^RAS_O17"), "PID|1||M1^^^SOUTHCLINIC^MR",
                    "ORC|RE|O1", "RXA|0|1|20240306092000|20240306100000|238083^ketamine^RXNORM|35|mg", line);
            default -> String.join("\r", MSH, "PID|1||M1^^^SOUTHCLINIC^MR", "OBR|1|||8867-4^Pulse^LN", line);
        };
        return V2Message.of(parse(message.split("\r")), ZONE).first(name).orElseThrow().segment();
    }
}
