package org.kaphub.hl7v2.mapping.datatype;

import ca.uhn.hl7v2.model.v28.datatype.CX;
import org.hl7.fhir.r4.model.Identifier;
import org.junit.jupiter.api.Test;
import ca.uhn.hl7v2.Location;
import org.kaphub.hl7v2.mapping.Locations;
import org.kaphub.hl7v2.mapping.MappingException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.kaphub.hl7v2.Hl7v2Fixtures.SYSTEMS;
import static org.kaphub.hl7v2.Hl7v2Fixtures.pid;

class CxToIdentifierTest {

    private static final Location PID_3_2 = Locations.repetition(Locations.field("PID", 1, 3), 2);

    @Test
    void mapsValueSystemAndV20203Type() throws MappingException {
        Identifier identifier = CxToIdentifier.map(cx("100234^^^NORTHCLINIC&2.16.840.1.113883.19.4.6&ISO^MR"), SYSTEMS, PID_3_2);

        assertThat(identifier.getValue()).isEqualTo("100234");
        assertThat(identifier.getSystem()).isEqualTo("urn:oid:2.16.840.1.113883.19.4.6");
        assertThat(identifier.getType().getCoding()).singleElement().satisfies(coding -> {
            assertThat(coding.getSystem()).isEqualTo("http://terminology.hl7.org/CodeSystem/v2-0203");
            assertThat(coding.getCode()).isEqualTo("MR");
        });
    }

    @Test
    void identifierWithoutTypeCodeHasNoType() throws MappingException {
        Identifier identifier = CxToIdentifier.map(cx("555443333^^^SSA"), SYSTEMS, PID_3_2);

        assertThat(identifier.getSystem()).isEqualTo("http://hl7.org/fhir/sid/us-ssn");
        assertThat(identifier.hasType()).isFalse();
    }

    @Test
    void missingValueIsRequiredFieldMissingAtComponent1() {
        MappingException e = catchThrowableOfType(() -> CxToIdentifier.map(cx("^^^SSA^SS"), SYSTEMS, PID_3_2), MappingException.class);

        assertThat(e.getErrorCode()).isEqualTo(101);
        assertThat(e.getLocation()).isEqualTo(Locations.component(Locations.repetition(Locations.field("PID", 1, 3), 2), 1));
    }

    @Test
    void missingAuthorityIsRequiredFieldMissingAtComponent4() {
        MappingException e = catchThrowableOfType(() -> CxToIdentifier.map(cx("123456789^^^^MR"), SYSTEMS, PID_3_2), MappingException.class);

        assertThat(e.getErrorCode()).isEqualTo(101);
        assertThat(e.getLocation()).isEqualTo(Locations.component(Locations.repetition(Locations.field("PID", 1, 3), 2), 4));
        assertThat(e.getMessage()).contains("PID-3(2).4").doesNotContain("123456789");
    }

    @Test
    void repetitionWithNothingValuedIsEmpty() {
        assertThat(CxToIdentifier.isEmpty(cx(""))).isTrue();
        assertThat(CxToIdentifier.isEmpty(cx("^^^SSA"))).isFalse();
    }

    private static CX cx(String text) {
        return pid("PID|1||" + text + "||DOE").getPid3_PatientIdentifierList(0);
    }
}
