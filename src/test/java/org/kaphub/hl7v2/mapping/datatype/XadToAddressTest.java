package org.kaphub.hl7v2.mapping.datatype;

import ca.uhn.hl7v2.model.v28.datatype.XAD;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Address.AddressType;
import org.hl7.fhir.r4.model.Address.AddressUse;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kaphub.hl7v2.Hl7v2Fixtures.pid;

class XadToAddressTest {

    @Test
    void mapsLinesCityStatePostalCodeCountryAndCounty() {
        Address address = XadToAddress.map(xad("12 MAIN ST^APT 4^SPRINGFIELD^IL^62701^USA^H^^SANGAMON")).orElseThrow();

        assertThat(address.getLine()).extracting(StringType::getValue).containsExactly("12 MAIN ST", "APT 4");
        assertThat(address.getCity()).isEqualTo("SPRINGFIELD");
        assertThat(address.getState()).isEqualTo("IL");
        assertThat(address.getPostalCode()).isEqualTo("62701");
        assertThat(address.getCountry()).isEqualTo("USA");
        assertThat(address.getDistrict()).isEqualTo("SANGAMON");
        assertThat(address.getUse()).isEqualTo(AddressUse.HOME);
        assertThat(address.hasType()).isFalse();
    }

    @ParameterizedTest(name = "XAD-7 {0} -> use {1}, type {2}")
    @CsvSource({
            "H, HOME, ", "B, WORK, ", "O, WORK, ", "C, TEMP, ", "BA, OLD, ", "BI, BILLING, ",
            "M, , POSTAL", "SH, , POSTAL",
            "L, , ", "HOME, , ", "'', , "})
    void addressTypeBecomesUseOrType(String code, AddressUse use, AddressType type) {
        Address address = XadToAddress.map(xad("1 ELM ST^^SALEM^OR^97301^USA^" + code)).orElseThrow();

        assertThat(address.getUse()).isEqualTo(use);
        assertThat(address.getType()).isEqualTo(type);
    }

    @Test
    void addressTypeAloneIsNoAddress() {
        assertThat(XadToAddress.map(xad("^^^^^^H"))).isEmpty();
    }

    private static XAD xad(String text) {
        return pid("PID|1||1^^^H||DOE||||||" + text).getPid11_PatientAddress(0);
    }
}
