package org.kaphub.hl7v2.mapping.message;

import ca.uhn.hl7v2.ErrorCode;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;
import org.kaphub.hl7v2.mapping.Locations;
import org.kaphub.hl7v2.mapping.MappingContext;
import org.kaphub.hl7v2.mapping.MappingException;
import org.kaphub.hl7v2.mapping.MessageMapper;
import org.kaphub.hl7v2.mapping.Transaction;
import org.kaphub.hl7v2.mapping.V2Message;
import org.kaphub.hl7v2.mapping.segment.SchToAppointment;

import java.util.Set;

/**
 * SIU^S12/S13/S14/S15 (new, rescheduled, modified, cancelled booking) → Appointment (v2-to-FHIR message map SIU_S12:
 * SCH + TQ1 + AIS/AIP/AIL → Appointment). KAP dosing and integration sessions are booked this way; the status
 * follows the event (S12–S14 booked, S15 cancelled), and every event updates the one Appointment keyed by SCH-2/SCH-1.
 */
public final class SiuToTransaction implements MessageMapper {

    @Override
    public Set<String> messageTypes() {
        return Set.of("SIU^S12", "SIU^S13", "SIU^S14", "SIU^S15");
    }

    @Override
    public Bundle map(V2Message message, MappingContext context) throws MappingException {
        V2Message.Seg sch = message.first("SCH").orElseThrow(() -> new MappingException(ErrorCode.SEGMENT_SEQUENCE_ERROR,
                Locations.segment("SCH", 1), "SCH segment missing"));
        Transaction tx = new Transaction();
        Reference patient = PatientEntries.ensure(message, context, tx);
        var appointment = SchToAppointment.map(message, sch, patient, context.systems());
        tx.upsert(appointment, appointment.getIdentifierFirstRep());
        return tx.bundle();
    }
}
