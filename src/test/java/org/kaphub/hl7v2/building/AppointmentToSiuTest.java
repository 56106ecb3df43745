package org.kaphub.hl7v2.building;

import ca.uhn.hl7v2.model.Message;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Appointment.AppointmentStatus;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kaphub.hl7v2.building.message.MessageBuilders;
import org.kaphub.vocabulary.CodeSystems;
import org.kaphub.vocabulary.KapCanonicals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppointmentToSiuTest {

    private static final String NPI = "http://hl7.org/fhir/sid/us-npi";
    private static final String ACTIVITY = "https://fhir.kaphub.org/CodeSystem/kap-activity-kind";

    static Appointment appointment() {
        Appointment appointment = new Appointment();
        appointment.setId("a1");
        appointment.addIdentifier().setSystem("urn:oid:2.16.840.1.113883.3.9999.2").setValue("APT-501");
        appointment.setStatus(AppointmentStatus.BOOKED);
        appointment.setStartElement(new InstantType("2026-12-01T09:00:00-08:00"));
        appointment.setEndElement(new InstantType("2026-12-01T11:00:00-08:00"));
        appointment.setMinutesDuration(120);
        appointment.addReasonCode(new CodeableConcept(new Coding(CodeSystems.SNOMED_CT, "35489007", null))
                .setText("Depressive disorder"));
        appointment.setAppointmentType(new CodeableConcept(
                new Coding("http://terminology.hl7.org/CodeSystem/v2-0276", "ROUTINE", null)).setText("Routine"));
        appointment.addServiceType(new CodeableConcept(new Coding(ACTIVITY, "dosing-session", null)).setText("Dosing session"));
        appointment.addParticipant().setActor(new Reference("Patient/p1")).setStatus(Appointment.ParticipationStatus.ACCEPTED);
        appointment.addParticipant().setActor(new Reference("Practitioner/pr1")).setStatus(Appointment.ParticipationStatus.ACCEPTED);
        return appointment;
    }

    static Practitioner practitioner() {
        Practitioner practitioner = new Practitioner();
        practitioner.setId("pr1");
        practitioner.addIdentifier().setSystem(NPI).setValue("1629384756");
        practitioner.addName().setFamily("Okafor").addGiven("Dana");
        return practitioner;
    }

    private static Message build(Appointment appointment, Appointment previous, String version) throws Exception {
        Patient patient = PatientToAdtTest.patient();
        Outbound outbound = new Outbound(appointment, List.of(), patient, true, PatientToAdtTest.receiver(version),
                "KH-43", Instant.parse("2026-11-30T10:00:00Z"),
                reference -> "Practitioner/pr1".equals(reference) ? Optional.<Resource>of(practitioner()) : Optional.empty(),
                previous);
        return MessageBuilders.standard().find(appointment).orElseThrow().build(outbound);
    }

    private static Appointment roundTrip(Message message) throws Exception {
        List<Appointment> back = RoundTrip.resources(RoundTrip.mapped(message), Appointment.class);
        assertThat(back).hasSize(1);
        return back.get(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.3", "2.4", "2.5.1", "2.8"})
    void anAppointmentComesBackFromTheInboundMapperAsItWent(String version) throws Exception {
        Appointment sent = appointment();

        Appointment back = roundTrip(build(sent, null, version));

        assertThat(back.getIdentifier()).hasSize(1);
        assertThat(back.getIdentifierFirstRep().equalsDeep(sent.getIdentifierFirstRep())).as("identifier").isTrue();
        assertThat(back.getStatus()).isEqualTo(AppointmentStatus.BOOKED);
        assertThat(back.getStart()).isEqualTo(sent.getStart());
        assertThat(back.getEnd()).isEqualTo(sent.getEnd());
        assertThat(back.getMinutesDuration()).isEqualTo(120);
        assertThat(back.getReasonCode()).hasSize(1);
        assertThat(back.getReasonCodeFirstRep().equalsDeep(sent.getReasonCodeFirstRep())).as("reason").isTrue();
        assertThat(back.getAppointmentType().equalsDeep(sent.getAppointmentType())).as("type").isTrue();
        assertThat(back.getServiceType()).hasSize(1);
        assertThat(back.getServiceTypeFirstRep().equalsDeep(sent.getServiceTypeFirstRep())).as("service type").isTrue();
        List<Reference> practitioners = back.getParticipant().stream().map(Appointment.AppointmentParticipantComponent::getActor)
                .filter(actor -> "Practitioner".equals(actor.getType())).toList();
        assertThat(practitioners).hasSize(1);
        assertThat(practitioners.get(0).getIdentifier().equalsDeep(practitioner().getIdentifierFirstRep()))
                .as("practitioner by NPI").isTrue();
        assertThat(practitioners.get(0).getDisplay()).isEqualTo("Dana Okafor");
        Patient patient = RoundTrip.resources(RoundTrip.mapped(build(sent, null, version)), Patient.class).get(0);
        assertThat(patient.getIdentifierFirstRep().equalsDeep(PatientToAdtTest.patient().getIdentifierFirstRep()))
                .as("the patient's MRN").isTrue();
    }

    /** Without a duration or a service (AIS-4), start and end come only from TQ1 (v2.5+) or SCH-11 (v2.3–2.4). */
    @ParameterizedTest
    @ValueSource(strings = {"2.3", "2.4", "2.5.1", "2.8"})
    void startAndEndTravelInTheTimingOfTheVersion(String version) throws Exception {
        Appointment sent = appointment();
        sent.getMinutesDurationElement().setValue(null);
        sent.getServiceType().clear();

        Appointment back = roundTrip(build(sent, null, version));

        assertThat(back.getStartElement().getValue()).isEqualTo(sent.getStart());
        assertThat(back.getEndElement().getValue()).isEqualTo(sent.getEnd());
        assertThat(back.hasMinutesDuration()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.3", "2.4", "2.5.1", "2.8"})
    void theMessageConformsToTheReceiversVersion(String version) throws Exception {
        Message strict = RoundTrip.strictlyParsed(build(appointment(), null, version));

        assertThat(strict.getVersion()).isEqualTo(version);
        assertThat(RoundTrip.encode(strict)).contains("|SIU^S12").contains("|KH-43|P|" + version);
    }

    @Test
    void theEventFollowsStatusAndWhatTheReceiverHas() throws Exception {
        Appointment sameTimes = appointment();
        sameTimes.setMinutesDuration(90);
        Appointment earlier = appointment();
        earlier.setStartElement(new InstantType("2026-11-30T09:00:00-08:00"));
        Appointment cancelled = appointment().setStatus(AppointmentStatus.CANCELLED);

        assertThat(msh9(build(appointment(), null, "2.5.1"))).isEqualTo("SIU^S12^SIU_S12");
        assertThat(msh9(build(appointment(), earlier, "2.5.1"))).isEqualTo("SIU^S13^SIU_S12");
        assertThat(msh9(build(appointment(), sameTimes, "2.5.1"))).isEqualTo("SIU^S14^SIU_S12");
        assertThat(msh9(build(cancelled, appointment(), "2.5.1"))).isEqualTo("SIU^S15^SIU_S12");
        assertThat(msh9(build(cancelled, null, "2.3"))).isEqualTo("SIU^S15");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.3", "2.5.1"})
    void aCancellationComesBackCancelled(String version) throws Exception {
        Appointment cancelled = appointment().setStatus(AppointmentStatus.CANCELLED);

        Appointment back = roundTrip(build(cancelled, appointment(), version));

        assertThat(back.getStatus()).isEqualTo(AppointmentStatus.CANCELLED);
        assertThat(back.getIdentifierFirstRep().equalsDeep(cancelled.getIdentifierFirstRep())).isTrue();
    }

    @Test
    void anAppointmentWithoutIdentifierGoesByItsIdOnKapHub() throws Exception {
        Appointment sent = appointment();
        sent.getIdentifier().clear();

        Appointment back = roundTrip(build(sent, null, "2.8"));

        assertThat(back.getIdentifierFirstRep().getSystem()).isEqualTo(KapCanonicals.RESOURCE_SID);
        assertThat(back.getIdentifierFirstRep().getValue()).isEqualTo("a1");
    }

    @Test
    void aStatusWithoutAnSiuEventIsNotSent() {
        Appointment fulfilled = appointment().setStatus(AppointmentStatus.FULFILLED);

        assertThatThrownBy(() -> build(fulfilled, null, "2.5.1")).isInstanceOf(BuildException.class)
                .hasMessageContaining("fulfilled");
    }

    @Test
    void aPractitionerThatCannotBeNamedIsNotSentHalf() {
        Appointment sent = appointment();
        sent.getParticipant().get(1).setActor(new Reference("Practitioner/gone"));

        assertThatThrownBy(() -> build(sent, null, "2.5.1")).isInstanceOf(BuildException.class)
                .hasMessageContaining("Practitioner");
    }

    private static String msh9(Message message) throws Exception {
        return RoundTrip.encode(message).split("\\|", 10)[8];
    }
}
