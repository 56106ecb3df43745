package org.kaphub.hl7v2.building.message;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v28.message.SIU_S12;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Resource;
import org.kaphub.hl7v2.building.BuildException;
import org.kaphub.hl7v2.building.Header;
import org.kaphub.hl7v2.building.MessageBuilder;
import org.kaphub.hl7v2.building.Outbound;
import org.kaphub.hl7v2.building.segment.AppointmentToSch;
import org.kaphub.hl7v2.building.segment.PatientToPid;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Appointment → SIU^S12/S13/S14/S15, structure SIU_S12 (the inverse of
 * {@link org.kaphub.hl7v2.mapping.message.SiuToTransaction}, whose status follows the event: S12–S14 booked, S15
 * cancelled). The event, inversely: cancelled → S15; booked → S12 when the receiver never got the appointment
 * ({@link Outbound#previous} empty), S13 (rescheduled) when its start or end differs from the version the receiver
 * last got, S14 (modified) otherwise. Any other status (proposed, pending, arrived, fulfilled, noshow, …) has no event
 * the inbound side maps to it, so it is not said (a {@link BuildException}).
 */
public final class AppointmentToSiu implements MessageBuilder {

    @Override
    public Set<String> messageTypes() {
        return Set.of("SIU^S12", "SIU^S13", "SIU^S14", "SIU^S15");
    }

    @Override
    public boolean builds(Resource resource) {
        return resource instanceof Appointment;
    }

    @Override
    public Message build(Outbound outbound) throws BuildException {
        Appointment appointment = (Appointment) outbound.resource();
        String event = event(appointment, outbound.previous(Appointment.class));
        SIU_S12 siu = new SIU_S12();
        try {
            Header.fill(siu.getMSH(), "SIU", event, "SIU_S12", outbound);
            AppointmentToSch.fill(siu, appointment, outbound);
            PatientToPid.fill(siu.getPATIENT().getPID(), outbound.patient(), outbound.receiver());
        } catch (HL7Exception e) {
            throw new IllegalStateException("SIU^" + event + " could not be built", e); // our typing, not the data
        }
        return siu;
    }

    static String event(Appointment appointment, Optional<Appointment> previous) throws BuildException {
        Appointment.AppointmentStatus status = appointment.getStatus();
        if (status == Appointment.AppointmentStatus.CANCELLED) {
            return "S15";
        }
        if (status != Appointment.AppointmentStatus.BOOKED) {
            throw new BuildException("an Appointment of status " + (status == null ? "(none)" : status.toCode())
                    + " has no SIU event (booked: S12/S13/S14, cancelled: S15)");
        }
        if (previous.isEmpty()) {
            return "S12";
        }
        boolean moved = !Objects.equals(appointment.getStart(), previous.get().getStart())
                || !Objects.equals(appointment.getEnd(), previous.get().getEnd());
        return moved ? "S13" : "S14";
    }
}
