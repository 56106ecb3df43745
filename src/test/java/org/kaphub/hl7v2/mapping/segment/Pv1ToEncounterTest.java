package org.kaphub.hl7v2.mapping.segment;

import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kaphub.hl7v2.mapping.MappingException;
import org.kaphub.hl7v2.mapping.V2Message;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kaphub.hl7v2.Hl7v2Fixtures.MRN;
import static org.kaphub.hl7v2.Hl7v2Fixtures.SYSTEMS;
import static org.kaphub.hl7v2.Hl7v2Fixtures.ZONE;
import static org.kaphub.hl7v2.Hl7v2Fixtures.parse;
import static org.kaphub.hl7v2.Hl7v2Fixtures.parseFixture;

class Pv1ToEncounterTest {

    private static final Reference PATIENT = new Reference("urn:uuid:00000000-0000-0000-0000-000000000001");

    @Test
    void visitOfTheA01FixtureBecomesAnAmbulatoryEncounterInProgress() throws MappingException {
        Encounter encounter = map(V2Message.of(parseFixture("adt-a01-visit.hl7", "MRN", MRN), ZONE), "A01").orElseThrow();

        assertThat(encounter.getIdentifierFirstRep().getSystem()).isEqualTo("https://kaphub.org/fhir/sid/SOUTHCLINIC");
        assertThat(encounter.getIdentifierFirstRep().getValue()).isEqualTo("V-" + MRN + "-3");
        assertThat(encounter.getIdentifierFirstRep().getType().getCodingFirstRep().getCode()).isEqualTo("VN");
        assertThat(encounter.getClass_().getSystem()).isEqualTo("http://terminology.hl7.org/CodeSystem/v3-ActCode");
        assertThat(encounter.getClass_().getCode()).isEqualTo("AMB");
        assertThat(encounter.getPeriod().getStartElement().getValueAsString()).isEqualTo("2024-03-06T08:30:00-08:00");
        assertThat(encounter.getPeriod().hasEnd()).isFalse();
        assertThat(encounter.getStatus()).isEqualTo(Encounter.EncounterStatus.INPROGRESS);
        assertThat(encounter.getSubject()).isSameAs(PATIENT);
    }

    @ParameterizedTest(name = "PV1-2 {0}, event {1}, PV1-45 {2} → class {3}, status {4}")
    @CsvSource(nullValues = "-", value = {
            "O, A04, -,                   AMB,  arrived",
            "I, A01, -,                   IMP,  in-progress",
            "E, A01, 20240306120000-0800, EMER, finished",
            "Z, A01, -,                   Z,    in-progress",
    })
    void classAndStatus(String patientClass, String event, String discharge, String classCode, String status) throws MappingException {
        String pv1 = "PV1|1|" + patientClass + "|||||||||||||||||V-1^^^SOUTHCLINIC^VN" + "|".repeat(25)
                + "20240306083000-0800" + (discharge == null ? "" : "|" + discharge);

        Encounter encounter = map(adt(pv1), event).orElseThrow();

        assertThat(encounter.getClass_().getCode()).isEqualTo(classCode);
        assertThat(encounter.getStatus().toCode()).isEqualTo(status);
        if (discharge != null) {
            assertThat(encounter.getPeriod().getEndElement().getValueAsString()).isEqualTo("2024-03-06T12:00:00-08:00");
        }
    }

    @Test
    void timesWithoutAnOffsetAreTheSendersLocalTimeWithItsDaylightSavingTime() throws MappingException {
        // MSH-7 at -08:00 in March is Los Angeles (the test zone): its rules apply, so July is -07:00.
        String pv1 = "PV1|1|I|||||||||||||||||V-1^^^SOUTHCLINIC^VN" + "|".repeat(25) + "202403060830|20240710123000";

        Encounter encounter = map(adt(pv1), "A01").orElseThrow();

        assertThat(encounter.getPeriod().getStartElement().getValueAsString()).isEqualTo("2024-03-06T08:30:00-08:00");
        assertThat(encounter.getPeriod().getEndElement().getValueAsString()).isEqualTo("2024-07-10T12:30:00-07:00");
    }

    @Test
    void unmappedClassKeepsTheV2Code() throws MappingException {
        Encounter encounter = map(adt("PV1|1|Z|||||||||||||||||V-1^^^SOUTHCLINIC^VN"), "A01").orElseThrow();

        assertThat(encounter.getClass_().getSystem()).isEqualTo("http://terminology.hl7.org/CodeSystem/v2-0004");
    }

    @Test
    void visitNumberWithoutAuthorityIsScopedToTheSender() throws MappingException {
        Encounter encounter = map(adt("PV1|1|O|||||||||||||||||V-9"), "A01").orElseThrow();

        assertThat(encounter.getIdentifierFirstRep().getSystem()).isEqualTo("https://kaphub.org/fhir/sid/SOUTHCLINIC/visit");
    }

    @Test
    void noVisitNumberNoEncounter() throws MappingException {
        assertThat(map(adt("PV1|1|O"), "A01")).isEmpty();
    }

    private static V2Message adt(String pv1) {
        return V2Message.of(parse("MSH|^~\\&|REGADT|SOUTHCLINIC|KAPHUB|KAP|20240306083000-0800||ADT^A01^ADT_A01|C-1|P|2.5.1",
                "EVN|A01", "PID|1||" + MRN + "^^^SOUTHCLINIC^MR||HALVORSEN^INGRID", pv1), ZONE);
    }

    private static Optional<Encounter> map(V2Message message, String event) throws MappingException {
        return Pv1ToEncounter.map(message.first("PV1").orElseThrow(), event, PATIENT, SYSTEMS, message.senderScope());
    }
}
