package org.kaphub.hl7v2.mapping.datatype;

import ca.uhn.hl7v2.model.v28.datatype.XPN;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.HumanName.NameUse;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kaphub.hl7v2.Hl7v2Fixtures.pid;

class XpnToHumanNameTest {

    @Test
    void mapsAllPartsAndDecodesEscapes() {
        HumanName name = XpnToHumanName.map(xpn("ALVAREZ\\T\\CRUZ^MARIA^ELENA^JR^DR^MD^L")).orElseThrow();

        assertThat(name.getFamily()).isEqualTo("ALVAREZ&CRUZ");
        assertThat(name.getGiven()).extracting(StringType::getValue).containsExactly("MARIA", "ELENA");
        assertThat(name.getPrefix()).extracting(StringType::getValue).containsExactly("DR");
        assertThat(name.getSuffix()).extracting(StringType::getValue).containsExactly("JR", "MD");
        assertThat(name.getUse()).isEqualTo(NameUse.OFFICIAL);
    }

    @ParameterizedTest(name = "XPN-7 {0} -> {1}")
    @CsvSource({
            "L, OFFICIAL", "R, OFFICIAL", "D, USUAL", "M, MAIDEN", "N, NICKNAME", "MSK, ANONYMOUS", "BAD, OLD",
            "TEMP, TEMP", "NAV, TEMP",
            // no FHIR equivalent in the v2-to-FHIR NameType map (A is "alias" in v2.3, "assigned" later)
            "A, ", "B, ", "U, ", "XYZ, ", "'', "})
    void nameTypeBecomesUseAsTheV2ToFhirMapSays(String type, NameUse use) {
        HumanName name = XpnToHumanName.map(xpn("DOE^JANE^^^^^" + type)).orElseThrow();

        assertThat(name.getUse()).isEqualTo(use);
    }

    @Test
    void givenNameAloneIsAName() {
        HumanName name = XpnToHumanName.map(xpn("^MOLLY^^^^^N")).orElseThrow();

        assertThat(name.hasFamily()).isFalse();
        assertThat(name.getGivenAsSingleString()).isEqualTo("MOLLY");
        assertThat(name.getUse()).isEqualTo(NameUse.NICKNAME);
    }

    @Test
    void repetitionWithoutFamilyOrGivenIsNoName() {
        assertThat(XpnToHumanName.map(xpn("^^^JR^DR^^L"))).isEmpty();
    }

    private static XPN xpn(String text) {
        return pid("PID|1||1^^^H||" + text).getPid5_PatientName(0);
    }
}
