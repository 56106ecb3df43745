package org.kaphub.hl7v2.mapping.message;

import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.InstantType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kaphub.hl7v2.mapping.Locations;
import org.kaphub.hl7v2.mapping.MappingException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.kaphub.hl7v2.Hl7v2Fixtures.MRN;
import static org.kaphub.hl7v2.Hl7v2Fixtures.map;
import static org.kaphub.hl7v2.Hl7v2Fixtures.mapFixture;
import static org.kaphub.hl7v2.Hl7v2Fixtures.parseFixtureWith;

/** SIU^S12–S15 → Appointment. */
class SiuToTransactionTest {

    private static final String SIU = "siu-s12-dosing.hl7";
    private static final String KAPSCHED = "https://kaphub.org/fhir/sid/KAPSCHED";

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"S12, booked", "S13, booked", "S14, booked", "S15, cancelled"})
    void everyEventUpdatesTheOneAppointmentAndSetsItsStatus(String event, String status) throws MappingException {
        Bundle bundle = mapFixture(SIU, "EVENT", event);

        assertThat(bundle.getEntry()).hasSize(2);
        BundleEntryComponent entry = bundle.getEntry().get(1);
        assertThat(entry.getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.PUT);
        assertThat(entry.getRequest().getUrl()).isEqualTo("Appointment?identifier=" + KAPSCHED + "|APT-" + MRN + "-F");
        assertThat(((Appointment) entry.getResource()).getStatus().toCode()).isEqualTo(status);
    }

    @Test
    void s12MapsTimesDurationCodesAndParticipants() throws MappingException {
        Bundle bundle = mapFixture(SIU, "EVENT", "S12");
        Appointment appointment = appointment(bundle);

        assertThat(appointment.getIdentifierFirstRep().getSystem()).isEqualTo(KAPSCHED);
        assertThat(appointment.getIdentifierFirstRep().getValue()).isEqualTo("APT-" + MRN + "-F");
        assertThat(appointment.getStart()).isEqualTo(new InstantType("2024-03-06T09:00:00-08:00").getValue());
        assertThat(appointment.getEnd()).isEqualTo(new InstantType("2024-03-06T11:00:00-08:00").getValue());
        assertThat(appointment.getMinutesDuration()).isEqualTo(120);
        assertThat(appointment.getReasonCodeFirstRep().getCodingFirstRep().getCode()).isEqualTo("DOSING");
        assertThat(appointment.getAppointmentType().getCodingFirstRep().getCode()).isEqualTo("KAP");
        assertThat(appointment.getServiceTypeFirstRep().getCodingFirstRep().getCode()).isEqualTo("dosing-session");
        assertThat(appointment.getParticipant()).hasSize(2);
        assertThat(appointment.getParticipant().get(0).getActor().getReference()).isEqualTo(bundle.getEntry().get(0).getFullUrl());
        assertThat(appointment.getParticipant().get(0).getStatus()).isEqualTo(Appointment.ParticipationStatus.ACCEPTED);
        assertThat(appointment.getParticipant().get(1).getActor().getType()).isEqualTo("Practitioner");
        assertThat(appointment.getParticipant().get(1).getActor().getIdentifier().getSystem()).isEqualTo("urn:oid:2.16.840.1.113883.4.6");
        assertThat(appointment.getParticipant().get(1).getActor().getIdentifier().getValue()).isEqualTo("1234567890");
    }

    @Test
    void serviceTypeKeepsACodingSystemSentAsUri() throws MappingException {
        Coding coding = appointment(mapFixture(SIU, "EVENT", "S12")).getServiceTypeFirstRep().getCodingFirstRep();

        assertThat(coding.getSystem()).isEqualTo("https://fhir.kaphub.org/CodeSystem/kap-activity-kind");
    }

    @Test
    void withoutSch2ThePlacerIdIsTheKey() throws MappingException {
        String sch = "SCH|APT-9^KAPSCHED||||||DOSING^Ketamine dosing session^L|KAP^KAP session^L|120|min";

        Bundle bundle = map(parseFixtureWith(SIU, "SCH|", sch, "EVENT", "S12"));

        assertThat(bundle.getEntry().get(1).getRequest().getUrl()).isEqualTo("Appointment?identifier=" + KAPSCHED + "|APT-9");
    }

    @Test
    void withoutTq1TheStartComesFromAis4AndTheEndFromTheDuration() throws MappingException {
        Appointment appointment = appointment(map(parseFixtureWith(SIU, "TQ1|", "", "EVENT", "S14")));

        assertThat(appointment.getStart()).isEqualTo(new InstantType("2024-03-06T09:00:00-08:00").getValue());
        assertThat(appointment.getEnd()).isEqualTo(new InstantType("2024-03-06T11:00:00-08:00").getValue());
    }

    @Test
    void durationInHoursIsConvertedToMinutes() throws MappingException {
        String sch = "SCH|APT-1^KAPSCHED|APT-1-F^KAPSCHED|||||DOSING^Ketamine dosing session^L|KAP^KAP session^L|2|h";

        assertThat(appointment(map(parseFixtureWith(SIU, "SCH|", sch, "EVENT", "S12"))).getMinutesDuration()).isEqualTo(120);
    }

    @Test
    void aCancellationNeedsNoStart() throws MappingException {
        String text = org.kaphub.hl7v2.Hl7v2Fixtures.fixture(SIU, "EVENT", "S15");
        text = text.replaceFirst("TQ1\\|.*\\n", "").replaceFirst("AIS\\|.*\\n", "AIS|1||dosing-session^Dosing session^L\n");

        Appointment appointment = appointment(map(org.kaphub.hl7v2.Hl7v2Fixtures.parse(text.split("\n"))));

        assertThat(appointment.getStatus()).isEqualTo(Appointment.AppointmentStatus.CANCELLED);
        assertThat(appointment.hasStart()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "no appointment id;      SCH|; SCH||||||DOSING^Ketamine dosing session^L;   101; SCH; 2",
            "start without time;     TQ1|; TQ1|1||||||20240306;                          102; TQ1; 7",
    })
    void contentErrorsNameTheField(String name, String start, String segment, int code, String segmentId, int field) {
        MappingException e = mappingError(parseFixtureWith(SIU, start, segment, "EVENT", "S12"));

        assertThat(e.getErrorCode()).isEqualTo(code);
        assertThat(e.getLocation()).isEqualTo(Locations.field(segmentId, 1, field));
    }

    @Test
    void aBookingWithoutAnyStartTimeFails() {
        String text = org.kaphub.hl7v2.Hl7v2Fixtures.fixture(SIU, "EVENT", "S12")
                .replaceFirst("TQ1\\|.*\\n", "TQ1|1\n")
                .replaceFirst("AIS\\|.*\\n", "AIS|1||dosing-session^Dosing session^L\n");

        MappingException e = mappingError(org.kaphub.hl7v2.Hl7v2Fixtures.parse(text.split("\n")));

        assertThat(e.getErrorCode()).isEqualTo(101);
        assertThat(e.getLocation()).isEqualTo(Locations.field("TQ1", 1, 7));
    }

    @Test
    void missingSchIsASegmentError() {
        MappingException e = mappingError(parseFixtureWith(SIU, "SCH|", "", "EVENT", "S12"));

        assertThat(e.getErrorCode()).isEqualTo(100);
        assertThat(e.getLocation()).isEqualTo(Locations.segment("SCH", 1));
    }

    private static Appointment appointment(Bundle bundle) {
        return bundle.getEntry().stream().map(BundleEntryComponent::getResource)
                .filter(Appointment.class::isInstance).map(Appointment.class::cast).findFirst().orElseThrow();
    }

    private static MappingException mappingError(ca.uhn.hl7v2.model.Message message) {
        MappingException e = catchThrowableOfType(() -> map(message), MappingException.class);
        assertThat(e).as("MappingException").isNotNull();
        return e;
    }
}
