package org.kaphub.hl7v2.mapping.segment;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v28.segment.PID;
import org.hl7.fhir.r4.model.Address.AddressType;
import org.hl7.fhir.r4.model.Address.AddressUse;
import org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem;
import org.hl7.fhir.r4.model.ContactPoint.ContactPointUse;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName.NameUse;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import ca.uhn.hl7v2.Location;
import org.kaphub.hl7v2.mapping.Locations;
import org.kaphub.hl7v2.mapping.MappingException;

import static org.kaphub.hl7v2.Hl7v2Fixtures.ZONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.kaphub.hl7v2.Hl7v2Fixtures.SYSTEMS;
import static org.kaphub.hl7v2.Hl7v2Fixtures.US_SSN;
import static org.kaphub.hl7v2.Hl7v2Fixtures.parseFixture;
import static org.kaphub.hl7v2.Hl7v2Fixtures.pid;

class PidToPatientTest {

    private static final String SID = "https://kaphub.org/fhir/sid/";

    @Test
    void mapsTheV23PidWithLegacyIdentifiersNamesAddressesAndTelecoms() throws Exception {
        Patient patient = PidToPatient.map(pidOf(parseFixture("adt-a04-v23.hl7")), SYSTEMS, ZONE);

        assertThat(patient.getIdentifier())
                .extracting(Identifier::getSystem, Identifier::getValue, id -> id.getType().getCodingFirstRep().getCode())
                .containsExactly(
                        tuple("urn:oid:2.16.840.1.113883.19.4.6", "100234", "MR"),
                        tuple(US_SSN, "555443333", "SS"),
                        tuple(SID + "COUNTYHIE", "EXT-778", null),
                        tuple(SID + "LEGACYREG", "ALT-1", null),
                        tuple(SID + "LEGACYREG", "ALT-2", null));

        assertThat(patient.getName()).hasSize(2);
        assertThat(patient.getName().get(0).getFamily()).isEqualTo("ALVAREZ&CRUZ");
        assertThat(patient.getName().get(0).getGiven()).extracting(StringType::getValue).containsExactly("MARIA", "ELENA");
        assertThat(patient.getName().get(0).getPrefixAsSingleString()).isEqualTo("DR");
        assertThat(patient.getName().get(0).getSuffixAsSingleString()).isEqualTo("JR");
        assertThat(patient.getName().get(0).getUse()).isEqualTo(NameUse.OFFICIAL);
        assertThat(patient.getName().get(1).hasFamily()).isFalse();
        assertThat(patient.getName().get(1).getGivenAsSingleString()).isEqualTo("MOLLY");
        assertThat(patient.getName().get(1).getUse()).isEqualTo(NameUse.NICKNAME);

        assertThat(patient.getBirthDateElement().getValueAsString()).isEqualTo("1975-03-12");
        assertThat(patient.getGender()).isEqualTo(AdministrativeGender.FEMALE);

        assertThat(patient.getAddress()).hasSize(2);
        assertThat(patient.getAddress().get(0).getLine()).extracting(StringType::getValue).containsExactly("12 MAIN ST", "APT 4");
        assertThat(patient.getAddress().get(0).getDistrict()).isEqualTo("SANGAMON");
        assertThat(patient.getAddress().get(0).getUse()).isEqualTo(AddressUse.HOME);
        assertThat(patient.getAddress().get(1).getLine()).extracting(StringType::getValue).containsExactly("PO BOX 9");
        assertThat(patient.getAddress().get(1).getPostalCode()).isEqualTo("62705");
        assertThat(patient.getAddress().get(1).getType()).isEqualTo(AddressType.POSTAL);
        assertThat(patient.getAddress().get(1).hasUse()).isFalse();

        assertThat(patient.getTelecom())
                .extracting(cp -> cp.getSystem(), cp -> cp.getValue(), cp -> cp.getUse())
                .containsExactly(
                        tuple(ContactPointSystem.PHONE, "(217)555-0101", ContactPointUse.HOME),
                        tuple(ContactPointSystem.EMAIL, "maria@example.org", null),
                        tuple(ContactPointSystem.PHONE, "(217)555-0199", ContactPointUse.WORK));
        assertThat(patient.hasDeceased()).isFalse();
    }

    @Test
    void mapsTheV28PidWithUuidAuthorityAndStructuredNumber() throws Exception {
        Patient patient = PidToPatient.map(pidOf(parseFixture("adt-a04-v28.hl7")), SYSTEMS, ZONE);

        assertThat(patient.getIdentifier())
                .extracting(Identifier::getSystem, Identifier::getValue)
                .containsExactly(
                        tuple("urn:uuid:0b9e9a2e-1111-4c2a-9d3e-123456789abc", "7f3c2a10-9b1e-4c55-8e21-1a2b3c4d5e6f"),
                        tuple(SID + "ORCHARD%20HEALTH", "MRN-4711"));
        assertThat(patient.getNameFirstRep().getFamily()).isEqualTo("MÜLLER");
        assertThat(patient.getNameFirstRep().getGivenAsSingleString()).isEqualTo("JÜRGEN");
        assertThat(patient.getBirthDateElement().getValueAsString()).isEqualTo("1980-01-15");
        assertThat(patient.getGender()).isEqualTo(AdministrativeGender.MALE);
        assertThat(patient.getTelecom()).singleElement()
                .satisfies(cp -> assertThat(cp.getValue()).isEqualTo("+49 (30) 1234567 ext. 89"));
    }

    @Test
    void birthDateWithOnlyYearAndMonthStaysYearAndMonth() throws Exception {
        Patient patient = PidToPatient.map(pidOf(parseFixture("adt-a04-v251.hl7")), SYSTEMS, ZONE);

        assertThat(patient.getBirthDateElement().getValueAsString()).isEqualTo("1982-07");
        assertThat(patient.getTelecomFirstRep().getUse()).isEqualTo(ContactPointUse.MOBILE);
    }

    @Test
    void deathDateTimeWinsOverTheIndicator() throws Exception {
        Patient patient = PidToPatient.map(pidOf(parseFixture("adt-a08-v28.hl7")), SYSTEMS, ZONE);

        assertThat(patient.getDeceasedDateTimeType().getValueAsString()).isEqualTo("2024-03-09T22:15:00-08:00");
    }

    @Test
    void deathIndicatorAloneIsDeceasedBoolean() throws Exception {
        assertThat(PidToPatient.map(pid(pidWithField(30, "Y")), SYSTEMS, ZONE).getDeceasedBooleanType().booleanValue()).isTrue();
        assertThat(PidToPatient.map(pid(pidWithField(30, "N")), SYSTEMS, ZONE).getDeceasedBooleanType().booleanValue()).isFalse();
        assertThat(PidToPatient.map(pid(pidWithField(30, "X")), SYSTEMS, ZONE).hasDeceased()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"PID|1||||DOE^JANE||19800101|F", "PID|1||~||DOE^JANE||19800101|F"})
    void missingPid3IsRequiredFieldMissingAtPid3(String segment) {
        MappingException e = catchThrowableOfType(() -> PidToPatient.map(pid(segment), SYSTEMS, ZONE), MappingException.class);

        assertThat(e.getErrorCode()).isEqualTo(101);
        assertThat(e.getLocation()).isEqualTo(Locations.field("PID", 1, 3));
    }

    @Test
    void anyPid3RepetitionWithoutAuthorityFailsTheMessage() {
        MappingException e = catchThrowableOfType(
                () -> PidToPatient.map(pid("PID|1||1^^^H^MR~2^^^^PI||DOE"), SYSTEMS, ZONE), MappingException.class);

        assertThat(e.getErrorCode()).isEqualTo(101);
        assertThat(e.getLocation()).isEqualTo(Locations.component(Locations.repetition(Locations.field("PID", 1, 3), 2), 4));
    }

    @Test
    void legacyPid4WithoutAuthorityIsReportedAtPid4() {
        MappingException e = catchThrowableOfType(
                () -> PidToPatient.map(pid("PID|1||1^^^H^MR|ALT-1^^^LEGACY~ALT-2||DOE"), SYSTEMS, ZONE), MappingException.class);

        assertThat(e.getErrorCode()).isEqualTo(101);
        assertThat(e.getLocation()).isEqualTo(Locations.component(Locations.repetition(Locations.field("PID", 1, 4), 2), 4));
    }

    @Test
    void invalidBirthDateIsDataTypeErrorAtPid7() {
        MappingException e = catchThrowableOfType(
                () -> PidToPatient.map(pid("PID|1||1^^^H^MR||DOE||19801340|F"), SYSTEMS, ZONE), MappingException.class);

        assertThat(e.getErrorCode()).isEqualTo(102);
        assertThat(e.getLocation()).isEqualTo(Locations.field("PID", 1, 7));
        assertThat(e.getMessage()).doesNotContain("19801340");
    }

    @Test
    void invalidDeathDateIsDataTypeErrorAtPid29() {
        MappingException e = catchThrowableOfType(
                () -> PidToPatient.map(pid(pidWithField(29, "2024-03-09")), SYSTEMS, ZONE), MappingException.class);

        assertThat(e.getErrorCode()).isEqualTo(102);
        assertThat(e.getLocation()).isEqualTo(Locations.field("PID", 1, 29));
    }

    @Test
    void sexOutsideTable0001IsTableValueNotFoundAtPid8() {
        MappingException e = catchThrowableOfType(
                () -> PidToPatient.map(pid("PID|1||1^^^H^MR||DOE||19800101|X"), SYSTEMS, ZONE), MappingException.class);

        assertThat(e.getErrorCode()).isEqualTo(103);
        assertThat(e.getLocation()).isEqualTo(Locations.field("PID", 1, 8));
    }

    @Test
    void emptyAndHl7NullFieldsAreLeftOut() throws MappingException {
        Patient patient = PidToPatient.map(pid("PID|1||1^^^H^MR||DOE||\"\"|\"\""), SYSTEMS, ZONE);

        assertThat(patient.hasBirthDate()).isFalse();
        assertThat(patient.hasGender()).isFalse();
        assertThat(patient.hasAddress()).isFalse();
        assertThat(patient.hasTelecom()).isFalse();
    }

    private static String pidWithField(int position, String value) {
        StringBuilder segment = new StringBuilder("PID|1||1^^^H^MR||DOE");
        for (int field = 6; field <= position; field++) {
            segment.append('|');
        }
        return segment.append(value).toString();
    }

    private static PID pidOf(Message message) throws HL7Exception {
        return (PID) message.get("PID");
    }
}
