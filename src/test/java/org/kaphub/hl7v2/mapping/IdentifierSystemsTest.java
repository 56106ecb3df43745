package org.kaphub.hl7v2.mapping;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.model.v28.datatype.HD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.kaphub.hl7v2.Hl7v2Fixtures.pid;

class IdentifierSystemsTest {

    private static final ErrorLocation AT = ErrorLocation.segment("PID", 1).atField(3).atRepetition(1).atComponent(4);
    private final IdentifierSystems systems = new IdentifierSystems("https://kaphub.org/fhir/sid/",
            Map.of("SSA", "http://hl7.org/fhir/sid/us-ssn", "NORTHCLINIC", "https://north.example.org/mrn"));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
            // universal id with a URI-able type wins, even over a configured namespace
            "&2.16.840.1.113883.19.4.6&ISO;              urn:oid:2.16.840.1.113883.19.4.6",
            "NORTHCLINIC&2.16.840.1.113883.19.4.6&ISO;   urn:oid:2.16.840.1.113883.19.4.6",
            "&0B9E9A2E-1111-4C2A-9D3E-123456789ABC&UUID; urn:uuid:0b9e9a2e-1111-4c2a-9d3e-123456789abc",
            "&https://id.example.org/mrn&URI;            https://id.example.org/mrn",
            "&https://id.example.org/mrn&URL;            https://id.example.org/mrn",
            // otherwise the namespace: configured, else derived from the fallback base
            "SSA;                                        http://hl7.org/fhir/sid/us-ssn",
            "NORTHCLINIC;                                https://north.example.org/mrn",
            "SOUTHCLINIC;                                https://kaphub.org/fhir/sid/SOUTHCLINIC",
            "GOOD HEALTH HOSPITAL;                       https://kaphub.org/fhir/sid/GOOD%20HEALTH%20HOSPITAL",
            "A/B\\T\\C;                                  https://kaphub.org/fhir/sid/A%2FB%26C",
            "LAB&05D1234567&CLIA;                        https://kaphub.org/fhir/sid/LAB",
            "LAB&2.16.840.1;                             https://kaphub.org/fhir/sid/LAB",
    })
    void mapsAssigningAuthorityToSystem(String authority, String system) throws MappingException {
        assertThat(systems.systemFor(hd(authority), AT)).isEqualTo(system);
    }

    @Test
    void missingAuthorityIsRequiredFieldMissingAtTheGivenLocation() {
        MappingException e = catchThrowableOfType(() -> systems.systemFor(hd(""), AT), MappingException.class);

        assertThat(e.error()).isEqualTo(ErrorCode.REQUIRED_FIELD_MISSING);
        assertThat(e.errorCode()).isEqualTo(101);
        assertThat(e.location()).isEqualTo(new ErrorLocation("PID", 1, 3, 1, 4));
    }

    @Test
    void universalIdWithoutItsTypeAndWithoutNamespaceIsNotUsable() {
        MappingException e = catchThrowableOfType(() -> systems.systemFor(hd("&2.16.840.1"), AT), MappingException.class);

        assertThat(e.errorCode()).isEqualTo(101);
    }

    @ParameterizedTest
    @CsvSource({"&2.16.840.01&ISO", "&urn:oid:2.16.840.1&ISO", "&not-a-uuid&UUID"})
    void universalIdNotOfItsDeclaredFormIsADataTypeError(String authority) {
        MappingException e = catchThrowableOfType(() -> systems.systemFor(hd(authority), AT), MappingException.class);

        assertThat(e.errorCode()).isEqualTo(102);
        assertThat(e.location()).isEqualTo(AT);
        assertThat(e.getMessage()).doesNotContain(authority.split("&")[1]);
    }

    @Test
    void aSenderLimitedToItsAssigningAuthoritiesMayUseThemAndNoOther() throws MappingException {
        IdentifierSystems limited = systems.withPatientSystems(java.util.Set.of("urn:oid:2.16.840.1.113883.19.4.6",
                "https://kaphub.org/fhir/sid/SOUTHCLINIC")).withDefaultNamespace("SOUTHCLINIC");

        assertThat(limited.systemFor(hd("&2.16.840.1.113883.19.4.6&ISO"), AT)).isEqualTo("urn:oid:2.16.840.1.113883.19.4.6");
        assertThat(limited.systemFor(hd(""), AT)).isEqualTo("https://kaphub.org/fhir/sid/SOUTHCLINIC"); // the facility's
        MappingException e = catchThrowableOfType(() -> limited.systemFor(hd("NORTHCLINIC"), AT), MappingException.class);
        assertThat(e.errorCode()).isEqualTo(103);
        assertThat(e.location()).isEqualTo(AT);
        assertThat(e.getMessage()).contains("PID-3").doesNotContain("NORTHCLINIC").doesNotContain("north.example.org");
        // identifiers that are not patient identifiers (orders, visits, providers) are not limited
        assertThat(limited.systemFor("NORTHCLINIC", null, null, "visit")).isEqualTo("https://north.example.org/mrn");
    }

    @Test
    void fallbackBaseIsRequired() {
        assertThatThrownBy(() -> new IdentifierSystems(" ", Map.of())).isInstanceOf(IllegalArgumentException.class);
    }

    private static HD hd(String authority) {
        return pid("PID|1||123^^^" + authority + "^MR||DOE").getPid3_PatientIdentifierList(0).getAssigningAuthority();
    }
}
