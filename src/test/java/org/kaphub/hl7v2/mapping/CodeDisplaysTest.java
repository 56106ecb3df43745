package org.kaphub.hl7v2.mapping;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.kaphub.hl7v2.Hl7v2Fixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kaphub.hl7v2.Hl7v2Fixtures.fixture;
import static org.kaphub.hl7v2.Hl7v2Fixtures.map;
import static org.kaphub.hl7v2.Hl7v2Fixtures.parse;

/** Mapped codings get their code system's display from HAPI's validation support (the FHIR core package's tables). */
class CodeDisplaysTest {

    private static final CodeDisplays DISPLAYS = Hl7v2Fixtures.DISPLAYS;

    @Test
    void v2TableCodeGetsTheTablesDisplayWhileTheSendersWordsStayText() throws MappingException {
        Bundle bundle = map(parse(fixture("mdm-t02-integration-note.hl7").replace("|PN^Progress note|", "|CN^Consult note|")
                .split("\n")));

        DISPLAYS.fill(bundle);

        DocumentReference document = (DocumentReference) bundle.getEntry().get(1).getResource();
        assertThat(document.getType().getCodingFirstRep().getDisplay()).isEqualTo("Consultation");
        assertThat(document.getType().getText()).isEqualTo("Consult note");
    }

    @Test
    void codesOfSystemsKapHubDoesNotHoldStayWithoutDisplayAndOwnDisplaysAreKept() throws MappingException {
        Bundle bundle = map(parse(fixture("oru-r01-vitals.hl7").split("\n")));

        DISPLAYS.fill(bundle);

        Observation heartRate = (Observation) bundle.getEntry().get(2).getResource();
        // our own display of a vital sign stays; the category gets observation-category's own
        assertThat(heartRate.getCode().getCodingFirstRep().getDisplay()).isEqualTo("Heart rate");
        assertThat(heartRate.getCategoryFirstRep().getCodingFirstRep().getDisplay()).isEqualTo("Vital Signs");
        Coding loinc = new Coding("http://loinc.org", "8867-4", null);
        Bundle single = new Bundle();
        single.addEntry().setResource(new Observation().setCode(new org.hl7.fhir.r4.model.CodeableConcept(loinc)));
        DISPLAYS.fill(single);
        assertThat(loinc.hasDisplay()).as("LOINC is not held: no display is made up").isFalse();
    }
}
