package org.kaphub.hl7v2.building;

import ca.uhn.hl7v2.model.Message;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem;
import org.hl7.fhir.r4.model.ContactPoint.ContactPointUse;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.kaphub.hl7v2.building.message.MessageBuilders;
import org.kaphub.vocabulary.CodeSystems;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PatientToAdtTest {

    private static final String MRN_SYSTEM = "urn:oid:2.16.840.1.113883.3.9999.1";
    private static final String SSN_SYSTEM = "http://hl7.org/fhir/sid/us-ssn";

    static Receiver receiver(String version) {
        return new Receiver(version, "KAPHUB", "KAP", "SUNRISE_EHR", "MAPLE_KAP_CLINIC", "UNICODE UTF-8",
                Map.of(MRN_SYSTEM, "MAPLE", SSN_SYSTEM, "SSA"));
    }

    static Patient patient() {
        Patient patient = new Patient();
        Identifier mrn = patient.addIdentifier().setSystem(MRN_SYSTEM).setValue("MRN-77");
        mrn.getType().addCoding().setSystem(CodeSystems.V2_0203).setCode("MR");
        patient.addIdentifier().setSystem(SSN_SYSTEM).setValue("123-45-6789");
        patient.addName().setFamily("Rivera").addGiven("Ana").addGiven("Lucia").setUse(HumanName.NameUse.OFFICIAL);
        patient.setBirthDateElement(new DateType("1984-03-09"));
        patient.setGender(AdministrativeGender.FEMALE);
        patient.setDeceased(new DateTimeType("2026-01-02T03:04:05-05:00"));
        patient.addAddress().addLine("12 Alder Way").addLine("Apt 3").setCity("Portland").setState("OR")
                .setPostalCode("97201").setCountry("USA").setDistrict("Multnomah").setUse(Address.AddressUse.HOME);
        patient.addAddress().addLine("PO Box 9").setCity("Portland").setState("OR").setPostalCode("97207")
                .setType(Address.AddressType.POSTAL);
        patient.addTelecom().setSystem(ContactPointSystem.PHONE).setValue("+1 503 555 0101").setUse(ContactPointUse.HOME);
        patient.addTelecom().setSystem(ContactPointSystem.PHONE).setValue("+1 503 555 0199").setUse(ContactPointUse.WORK);
        patient.addTelecom().setSystem(ContactPointSystem.PHONE).setValue("(503)555-0102").setUse(ContactPointUse.MOBILE);
        patient.addTelecom().setSystem(ContactPointSystem.EMAIL).setValue("ana.rivera@example.org").setUse(ContactPointUse.HOME);
        patient.addTelecom().setSystem(ContactPointSystem.EMAIL).setValue("a.rivera@work.example.org");
        patient.addTelecom().setSystem(ContactPointSystem.FAX).setValue("+1 503 555 0198").setUse(ContactPointUse.WORK);
        return patient;
    }

    private static Message build(Patient patient, boolean known, String version) throws Exception {
        Outbound outbound = new Outbound(patient, List.of(), patient, known, receiver(version), "KH-42",
                Instant.parse("2026-11-30T10:00:00Z"), reference -> Optional.empty());
        return MessageBuilders.standard().find(patient).orElseThrow().build(outbound);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.3", "2.4", "2.5.1", "2.8"})
    void aPatientComesBackFromTheInboundMapperAsItWent(String version) throws Exception {
        Patient sent = patient();
        Message message = build(sent, false, version);

        Patient back = RoundTrip.resources(RoundTrip.mapped(message), Patient.class).get(0);

        assertThat(back.getIdentifier()).hasSize(2);
        assertThat(back.getIdentifier().get(0).equalsDeep(sent.getIdentifier().get(0))).as("MRN with its type").isTrue();
        assertThat(back.getIdentifier().get(1).equalsDeep(sent.getIdentifier().get(1))).as("SSN").isTrue();
        assertThat(back.getName().get(0).equalsDeep(sent.getName().get(0))).as("name").isTrue();
        assertThat(back.getBirthDateElement().getValueAsString()).isEqualTo("1984-03-09");
        assertThat(back.getGender()).isEqualTo(AdministrativeGender.FEMALE);
        assertThat(back.getDeceasedDateTimeType().getValue()).isEqualTo(sent.getDeceasedDateTimeType().getValue());
        assertThat(back.getAddress()).hasSize(2);
        assertThat(back.getAddress().get(0).equalsDeep(sent.getAddress().get(0))).as("home address").isTrue();
        assertThat(back.getAddress().get(1).equalsDeep(sent.getAddress().get(1))).as("postal address").isTrue();
        // PID-13 (home, mobile, no use) comes back before PID-14 (work): same contact points, field order
        assertThat(back.getTelecom()).hasSameSizeAs(sent.getTelecom());
        for (ContactPoint telecom : sent.getTelecom()) {
            assertThat(back.getTelecom()).as("telecom %s %s", telecom.getSystem(), telecom.getUse())
                    .anyMatch(telecom::equalsDeep);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.3", "2.4", "2.5.1", "2.8"})
    void theEventTypeCodeIsSentOnlyWhereTheVersionHasIt(String version) throws Exception {
        String evn = RoundTrip.encode(build(patient(), true, version)).split("\r")[1];

        assertThat(evn).startsWith(version.startsWith("2.5") || version.startsWith("2.8") ? "EVN||" : "EVN|A08|");
    }

    @Test
    void aTelecomWithoutAnXtnEquivalentIsLeftOut() throws Exception {
        Patient patient = patient();
        patient.getTelecom().clear();
        patient.addTelecom().setSystem(ContactPointSystem.URL).setValue("https://example.org/ana");

        Patient back = RoundTrip.resources(RoundTrip.mapped(build(patient, false, "2.5.1")), Patient.class).get(0);

        assertThat(back.getTelecom()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.3", "2.4", "2.5.1", "2.8"})
    void theMessageConformsToTheReceiversVersion(String version) throws Exception {
        Message strict = RoundTrip.strictlyParsed(build(patient(), false, version));

        assertThat(strict.getVersion()).isEqualTo(version);
        String er7 = RoundTrip.encode(strict);
        assertThat(er7).startsWith("MSH|^~\\&|KAPHUB|KAP|SUNRISE_EHR|MAPLE_KAP_CLINIC|20261130100000+0000||ADT^A04");
        assertThat(er7).contains("|KH-42|P|" + version);
    }

    @Test
    void aPatientTheReceiverHasIsAnUpdate() throws Exception {
        assertThat(RoundTrip.encode(build(patient(), true, "2.5.1"))).contains("|ADT^A08^ADT_A01|");
        assertThat(RoundTrip.encode(build(patient(), false, "2.5.1"))).contains("|ADT^A04^ADT_A01|");
    }

    @Test
    void aPatientWithoutAnIdentifierIsNotSent() {
        Patient anonymous = patient();
        anonymous.getIdentifier().clear();

        assertThatThrownBy(() -> build(anonymous, false, "2.5.1")).isInstanceOf(BuildException.class)
                .hasMessageContaining("PID-3");
    }
}
