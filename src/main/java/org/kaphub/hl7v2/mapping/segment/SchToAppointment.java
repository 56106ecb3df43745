package org.kaphub.hl7v2.mapping.segment;

import ca.uhn.hl7v2.ErrorCode;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Reference;
import org.kaphub.hl7v2.mapping.ErrorLocation;
import org.kaphub.hl7v2.mapping.MappingException;
import org.kaphub.hl7v2.mapping.V2Message;
import org.kaphub.hl7v2.mapping.datatype.CodeTables;
import org.kaphub.hl7v2.mapping.datatype.CweToCodeableConcept;
import org.kaphub.hl7v2.mapping.datatype.DtmToFhir;
import org.kaphub.hl7v2.mapping.datatype.EiToIdentifier;
import org.kaphub.hl7v2.mapping.datatype.IdentifierSystems;
import org.kaphub.hl7v2.mapping.datatype.XcnToReference;

import java.util.Optional;

/**
 * SCH (+ TQ1, AIS, AIP) → Appointment (v2-to-FHIR segment maps SCH[Appointment], TQ1[Appointment], AIS/AIP[Appointment]).
 *
 * <table>
 * <tr><th>v2</th><th>FHIR</th></tr>
 * <tr><td>SCH-2 filler appointment id (EI), else SCH-1 placer id</td><td>identifier (the conditional-update key)</td></tr>
 * <tr><td>MSH-9.2 event</td><td>status (code table appointment-status-by-event)</td></tr>
 * <tr><td>TQ1-7 / TQ1-8; else SCH-11.4 / SCH-11.5 (v2.3–2.4 TQ); else AIS-4</td><td>start / end (instants: need a time; without an offset it is the sender's zone's)</td></tr>
 * <tr><td>SCH-9 + SCH-10, else AIS-7</td><td>minutesDuration (when in minutes)</td></tr>
 * <tr><td>SCH-7 appointment reason (CWE)</td><td>reasonCode</td></tr>
 * <tr><td>SCH-8 appointment type (CWE)</td><td>appointmentType</td></tr>
 * <tr><td>AIS-3 universal service id (CWE)</td><td>serviceType (e.g. dosing session, integration session)</td></tr>
 * <tr><td>PID</td><td>participant (patient, accepted)</td></tr>
 * <tr><td>AIP-3 personnel (XCN)</td><td>participant (practitioner, logical reference)</td></tr>
 * </table>
 */
public final class SchToAppointment {

    private SchToAppointment() {
    }

    public static Appointment map(V2Message message, V2Message.Seg sch, Reference patient, IdentifierSystems systems)
            throws MappingException {
        Appointment appointment = new Appointment();
        Identifier id = EiToIdentifier.map(sch.segment(), 2, 0, systems, message.senderScope(), "filler-appointment")
                .or(() -> EiToIdentifier.map(sch.segment(), 1, 0, systems, message.senderScope(), "placer-appointment"))
                .orElseThrow(() -> new MappingException(ErrorCode.REQUIRED_FIELD_MISSING, sch.at(2),
                        "SCH-2 filler appointment id (or SCH-1 placer appointment id) is required"));
        appointment.addIdentifier(id);

        String status = CodeTables.code("appointment-status-by-event", message.event()).orElse("booked");
        appointment.setStatus(Appointment.AppointmentStatus.fromCode(status));

        Optional<V2Message.Seg> tq1 = message.first("TQ1");
        Optional<V2Message.Seg> ais = message.first("AIS");
        DateTimeType start = null;
        DateTimeType end = null;
        ErrorLocation startAt = sch.at(11).atComponent(4);
        if (tq1.isPresent() && tq1.get().get(7, 1) != null) {
            startAt = tq1.get().at(7);
            start = DtmToFhir.toDateTime(tq1.get().get(7, 1), startAt, tq1.get().senderZone());
            end = DtmToFhir.toDateTime(tq1.get().get(8, 1), tq1.get().at(8), tq1.get().senderZone());
        } else if (sch.get(11, 4) != null) {
            start = DtmToFhir.toDateTime(sch.get(11, 4), startAt, sch.senderZone());
            end = DtmToFhir.toDateTime(sch.get(11, 5), sch.at(11).atComponent(5), sch.senderZone());
        } else if (ais.isPresent() && ais.get().get(4, 1) != null) {
            startAt = ais.get().at(4);
            start = DtmToFhir.toDateTime(ais.get().get(4, 1), startAt, ais.get().senderZone());
        }
        if (start != null) {
            if (start.getPrecision().compareTo(ca.uhn.fhir.model.api.TemporalPrecisionEnum.MINUTE) < 0) {
                throw new MappingException(ErrorCode.DATA_TYPE_ERROR, startAt,
                        startAt + " appointment start needs a time, not only a date (FHIR Appointment.start is an instant)");
            }
            appointment.setStartElement(DtmToFhir.toInstant(start));
            if (end != null && end.getPrecision().compareTo(ca.uhn.fhir.model.api.TemporalPrecisionEnum.MINUTE) >= 0) {
                appointment.setEndElement(DtmToFhir.toInstant(end));
            }
        } else if (appointment.getStatus() != Appointment.AppointmentStatus.CANCELLED) {
            // FHIR app-3: only proposed, cancelled or waitlisted appointments may lack a start
            throw new MappingException(ErrorCode.REQUIRED_FIELD_MISSING, tq1.map(t -> t.at(7)).orElse(startAt),
                    "Appointment start time missing (TQ1-7, SCH-11.4 or AIS-4)");
        }
        Integer minutes = minutes(sch.get(9, 1), sch.get(10, 1));
        if (minutes == null && ais.isPresent()) {
            minutes = minutes(ais.get().get(7, 1), ais.get().get(8, 1));
        }
        if (minutes != null && minutes > 0) {
            appointment.setMinutesDuration(minutes);
        }
        if (appointment.hasStart() && !appointment.hasEnd() && minutes != null && minutes > 0) {
            InstantType plusDuration = appointment.getStartElement().copy();
            plusDuration.add(java.util.Calendar.MINUTE, minutes);
            appointment.setEndElement(plusDuration);
        }
        CweToCodeableConcept.map(sch.segment(), 7).ifPresent(appointment::addReasonCode);
        CweToCodeableConcept.map(sch.segment(), 8).ifPresent(appointment::setAppointmentType);
        for (V2Message.Seg service : message.all("AIS")) {
            CweToCodeableConcept.map(service.segment(), 3).ifPresent(appointment::addServiceType);
        }
        appointment.addParticipant().setActor(patient).setStatus(Appointment.ParticipationStatus.ACCEPTED);
        for (V2Message.Seg aip : message.all("AIP")) {
            Optional<Reference> person = XcnToReference.map(aip.segment(), 3, 0, systems);
            if (person.isPresent()) {
                appointment.addParticipant().setActor(person.get()).setStatus(Appointment.ParticipationStatus.ACCEPTED);
            }
        }
        return appointment;
    }

    /** Duration in minutes when the units (CNE-1) say minutes or hours; null otherwise. */
    private static Integer minutes(String amount, String unit) {
        if (amount == null) {
            return null;
        }
        try {
            int value = new java.math.BigDecimal(amount).intValue();
            if (unit == null || unit.equalsIgnoreCase("min") || unit.equalsIgnoreCase("m")) {
                return value;
            }
            if (unit.equalsIgnoreCase("h") || unit.equalsIgnoreCase("hr") || unit.equalsIgnoreCase("hour")) {
                return value * 60;
            }
            return null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
