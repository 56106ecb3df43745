package org.kaphub.hl7v2.mapping.message;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kaphub.hl7v2.mapping.Locations;
import org.kaphub.hl7v2.Hl7v2Fixtures;
import org.kaphub.hl7v2.mapping.MappingException;
import org.kaphub.hl7v2.mapping.Transaction;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.kaphub.hl7v2.Hl7v2Fixtures.adtWithPid;
import static org.kaphub.hl7v2.Hl7v2Fixtures.parse;
import static org.kaphub.hl7v2.Hl7v2Fixtures.parseFixture;

class AdtToTransactionTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "adt-a04-v23.hl7;                    Patient?identifier=urn:oid:2.16.840.1.113883.19.4.6|100234",
            // MR is the second PID-3 repetition here and still the key
            "adt-a04-v251.hl7;                   Patient?identifier=https://kaphub.org/fhir/sid/SOUTHCLINIC|SC-99012",
            // the system holds %20; as a query value its % is itself encoded
            "adt-a04-v28.hl7;                    Patient?identifier=https://kaphub.org/fhir/sid/ORCHARD%2520HEALTH|MRN-4711",
            // the A08 for the patient registered by the v2.5.1 A04 resolves to the same Patient
            "adt-a08-v28.hl7;                    Patient?identifier=https://kaphub.org/fhir/sid/SOUTHCLINIC|SC-99012",
            "adt-a04-v24-explicit-structure.hl7; Patient?identifier=https://kaphub.org/fhir/sid/EASTCLINIC|E-314",
    })
    void mapsToATransactionWithOneConditionalPutOfThePatient(String fixture, String url) throws MappingException {
        Bundle bundle = Hl7v2Fixtures.map(parseFixture(fixture));

        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
        assertThat(bundle.getEntry()).hasSize(1);
        BundleEntryComponent entry = bundle.getEntryFirstRep();
        assertThat(entry.getResource()).isInstanceOf(Patient.class);
        assertThat(entry.getResource().hasId()).isFalse();
        assertThat(entry.getFullUrl()).matches("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(entry.getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.PUT);
        assertThat(entry.getRequest().getUrl()).isEqualTo(url);
    }

    @Test
    void everyBundleGetsAFreshFullUrl() throws MappingException {
        String first = Hl7v2Fixtures.map(parseFixture("adt-a04-v28.hl7")).getEntryFirstRep().getFullUrl();
        String second = Hl7v2Fixtures.map(parseFixture("adt-a04-v28.hl7")).getEntryFirstRep().getFullUrl();

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void withoutAnMrTheFirstPid3IsTheKey() throws MappingException {
        Bundle bundle = Hl7v2Fixtures.map(adtWithPid("PID|1||A-1^^^HOSP^PI~B-2^^^HOSP^PN|||DOE"));

        assertThat(bundle.getEntryFirstRep().getRequest().getUrl()).isEqualTo("Patient?identifier=https://kaphub.org/fhir/sid/HOSP|A-1");
    }

    @Test
    void matchKeyPrefersTheFirstMr() {
        Identifier pi = identifier("s", "1", "PI");
        Identifier firstMr = identifier("s", "2", "MR");
        Identifier secondMr = identifier("s", "3", "MR");

        assertThat(PatientEntries.matchKey(List.of(pi, firstMr, secondMr))).isSameAs(firstMr);
        assertThat(PatientEntries.matchKey(List.of(pi, identifier("s", "4", null)))).isSameAs(pi);
    }

    @Test
    void searchSeparatorsAndUrlSpecialCharactersInValuesAreEscaped() {
        assertThat(Transaction.tokenParameter("a|b,c$d\\e f%g&h=i#j"))
                .isEqualTo("a%5C%7Cb%5C%2Cc%5C%24d%5C%5Ce%20f%25g%26h%3Di%23j");
        assertThat(Transaction.tokenParameter("urn:oid:1.2.3")).isEqualTo("urn:oid:1.2.3");
        assertThat(Transaction.tokenParameter("MÜ")).isEqualTo("M%C3%9C");
    }

    @Test
    void missingPidIsReportedAsMissingSegment() {
        MappingException inAdtA01 = catchThrowableOfType(() -> Hl7v2Fixtures.map(parse(
                "MSH|^~\\&|A|B|C|D|20240101||ADT^A04^ADT_A01|1|P|2.5.1", "EVN|A04", "PV1|1|O")), MappingException.class);
        MappingException inGenericMessage = catchThrowableOfType(() -> Hl7v2Fixtures.map(parse(
                "MSH|^~\\&|A|B|C|D|20240101||ADT^A04^ADT_A04|1|P|2.4", "EVN|A04", "PV1|1|O")), MappingException.class);

        for (MappingException e : List.of(inAdtA01, inGenericMessage)) {
            assertThat(e.getErrorCode()).isEqualTo(100);
            assertThat(e.getLocation()).isEqualTo(Locations.segment("PID", 1));
        }
    }

    @Test
    void missingPid3FailsTheMessage() {
        MappingException e = catchThrowableOfType(() -> Hl7v2Fixtures.map(adtWithPid("PID|1||||DOE")), MappingException.class);

        assertThat(e.getErrorCode()).isEqualTo(101);
        assertThat(e.getLocation()).isEqualTo(Locations.field("PID", 1, 3));
    }

    @Test
    void onlyTheSupportedTypesHaveAMapper() {
        assertThat(Hl7v2Fixtures.MAPPERS.supportedTypes()).containsExactly("ADT^A01", "ADT^A04", "ADT^A08", "ADT^A31",
                "ADT^A40", "MDM^T02", "OMP^O09", "ORU^R01", "RAS^O01", "RAS^O17", "RDE^O01", "RDE^O11", "SIU^S12", "SIU^S13", "SIU^S14", "SIU^S15");
        assertThat(Hl7v2Fixtures.MAPPERS.find("ADT", "A02")).isEmpty();
        assertThat(Hl7v2Fixtures.MAPPERS.takesCode("ADT")).isTrue();
        assertThat(Hl7v2Fixtures.MAPPERS.takesCode("VXU")).isFalse();
    }

    private static Identifier identifier(String system, String value, String type) {
        Identifier identifier = new Identifier().setSystem(system).setValue(value);
        if (type != null) {
            identifier.getType().addCoding().setCode(type);
        }
        return identifier;
    }
}
