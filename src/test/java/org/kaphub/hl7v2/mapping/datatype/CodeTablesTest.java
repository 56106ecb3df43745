package org.kaphub.hl7v2.mapping.datatype;

import org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class CodeTablesTest {

    @ParameterizedTest(name = "PID-8 {0} -> {1}")
    @CsvSource({"F, FEMALE", "M, MALE", "O, OTHER", "U, UNKNOWN", "A, OTHER", "N, OTHER", "f, FEMALE", "' m ', MALE"})
    void administrativeSexFollowsTheV2ToFhirMap(String code, AdministrativeGender gender) {
        assertThat(CodeTables.gender(code)).contains(gender);
    }

    @Test
    void codesOutsideTable0001AreNotGuessed() {
        assertThat(CodeTables.gender("X")).isEmpty();
        assertThat(CodeTables.gender("MALE")).isEmpty();
        assertThat(CodeTables.gender(null)).isEmpty();
    }

    @Test
    void codesWithDotsAndMixedCaseAreKeptVerbatim() {
        assertThat(CodeTables.telecomSystem("X.400")).contains(ContactPointSystem.EMAIL);
        assertThat(CodeTables.telecomSystem("Internet")).contains(ContactPointSystem.EMAIL);
        assertThat(CodeTables.telecomSystem("INTERNET")).isEmpty();
    }
}
