package org.kaphub.hl7v2.building.datatype;

import ca.uhn.hl7v2.model.v28.datatype.CWE;
import ca.uhn.hl7v2.model.v28.message.RAS_O17;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.junit.jupiter.api.Test;
import org.kaphub.hl7v2.mapping.datatype.CodeTables;
import org.kaphub.hl7v2.mapping.datatype.CweToCodeableConcept;
import org.kaphub.vocabulary.CodeSystems;
import org.kaphub.vocabulary.KapCanonicals;

import static org.assertj.core.api.Assertions.assertThat;

class CodeableConceptToCweTest {

    @Test
    void aLocalOrUriSystemReadsBackAsItself() {
        String local = KapCanonicals.V2_CODING_SYSTEM + "L";
        assertThat(CweToCodeableConcept.system(CodeableConceptToCwe.codingSystem(local))).isEqualTo(local);
        String uri = "https://maple.example/fhir/CodeSystem/drugs";
        assertThat(CweToCodeableConcept.system(CodeableConceptToCwe.codingSystem(uri))).isEqualTo(uri);
        assertThat(CodeableConceptToCwe.codingSystem(null)).isNull();
    }

    @Test
    void everyRouteReadsBackAsItsSnomedRoute() {
        RouteAndUnitsToCwe.route0162().forEach((snomed, v2) ->
                assertThat(CodeTables.code("route-snomed", v2)).as(v2).contains(snomed));
    }

    @Test
    void twoCodingsAndTheTextComeBack() throws Exception {
        CodeableConcept sent = new CodeableConcept().setText("ketamine 100 mg/mL");
        sent.addCoding(new Coding(CodeSystems.RXNORM, "238083", "ketamine hydrochloride 100 MG/ML Injectable Solution"));
        sent.addCoding(new Coding("http://hl7.org/fhir/sid/ndc", "42023-0113-10", null));
        RAS_O17 holder = message();
        CWE cwe = holder.getORDER().getADMINISTRATION().getRXA().getAdministeredCode();

        CodeableConceptToCwe.fill(cwe, sent);

        assertThat(cwe.encode()).isEqualTo("238083^ketamine 100 mg/mL^RXNORM^42023-0113-10^^NDC");
        CodeableConcept back = CweToCodeableConcept.map(holder.getORDER().getADMINISTRATION().getRXA(), 5).orElseThrow();
        assertThat(back.getText()).isEqualTo(sent.getText());
        assertThat(back.getCoding()).extracting(Coding::getSystem, Coding::getCode).containsExactly(
                org.assertj.core.groups.Tuple.tuple(CodeSystems.RXNORM, "238083"),
                org.assertj.core.groups.Tuple.tuple("http://hl7.org/fhir/sid/ndc", "42023-0113-10"));
    }

    @Test
    void withoutTextTheDisplaysGoInTheTextComponents() throws Exception {
        CodeableConcept sent = new CodeableConcept();
        sent.addCoding(new Coding(CodeSystems.LOINC, "44261-6", "PHQ-9 total"));
        sent.addCoding(new Coding(CodeSystems.SNOMED_CT, "720433000", "PHQ-9 score"));
        CWE cwe = message().getORDER().getADMINISTRATION().getRXA().getAdministeredCode();

        CodeableConceptToCwe.fill(cwe, sent);

        assertThat(cwe.encode()).isEqualTo("44261-6^PHQ-9 total^LN^720433000^PHQ-9 score^SCT");
    }

    /** A message with encoding characters, so a field can be encoded on its own. */
    private static RAS_O17 message() throws Exception {
        RAS_O17 message = new RAS_O17();
        message.getMSH().getFieldSeparator().setValue("|");
        message.getMSH().getEncodingCharacters().setValue("^~\\&");
        return message;
    }
}
