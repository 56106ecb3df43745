package org.kaphub.hl7v2.mapping.message;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.model.v28.segment.PID;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.kaphub.hl7v2.mapping.MappingContext;
import org.kaphub.hl7v2.mapping.MappingException;
import org.kaphub.hl7v2.mapping.Transaction;
import org.kaphub.hl7v2.mapping.V2Message;
import org.kaphub.hl7v2.mapping.datatype.IdentifierSystems;
import org.kaphub.hl7v2.mapping.segment.PidToPatient;

import java.util.List;

/**
 * The Patient entry every message needs. ADT messages describe the patient as the sender now knows them: their PID
 * replaces the stored Patient. Any other message's PID only identifies whose record it is (results and orders often
 * carry a thin PID), so the Patient is created when unknown and otherwise left as ADT made it.
 */
final class PatientEntries {

    private static final String MEDICAL_RECORD_NUMBER = "MR";

    private PatientEntries() {
    }

    static Reference upsert(V2Message message, MappingContext context, Transaction tx) throws MappingException {
        return upsert(pid(message, 1), context, tx);
    }

    static Reference upsert(V2Message.Seg pid, MappingContext context, Transaction tx) throws MappingException {
        PID segment = (PID) pid.segment();
        IdentifierSystems systems = systems(pid, context);
        Patient patient = PidToPatient.map(segment, systems, pid.senderZone());
        return tx.upsert(patient, matchKeys(PidToPatient.identifiers(segment, systems), systems));
    }

    static Reference ensure(V2Message message, MappingContext context, Transaction tx) throws MappingException {
        V2Message.Seg pid = pid(message, 1);
        IdentifierSystems systems = systems(pid, context);
        Patient patient = PidToPatient.map((PID) pid.segment(), systems, pid.senderZone());
        return tx.createIfAbsent(patient, matchKeys(PidToPatient.identifiers((PID) pid.segment(), systems), systems));
    }

    /** The Patient's match key, for records (e.g. a result without order numbers) keyed by patient and time. */
    static Identifier key(V2Message message, MappingContext context) throws MappingException {
        V2Message.Seg pid = pid(message, 1);
        return matchKey(PidToPatient.identifiers((PID) pid.segment(), systems(pid, context)));
    }

    /**
     * Patient identifiers (PID-3, MRG-1) sent without an assigning authority are the sending facility's (MSH-4,
     * else MSH-3). {@code seg} is any segment of the message.
     */
    static IdentifierSystems systems(V2Message.Seg pid, MappingContext context) {
        String facility = org.kaphub.hl7v2.mapping.datatype.V2Fields.get(
                msh(pid.segment().getMessage()), 4, 1);
        return context.systems().withDefaultNamespace(facility);
    }

    private static ca.uhn.hl7v2.model.Segment msh(ca.uhn.hl7v2.model.Message message) {
        if (message == null) {
            return null;
        }
        try {
            return (ca.uhn.hl7v2.model.Segment) message.get("MSH");
        } catch (ca.uhn.hl7v2.HL7Exception e) {
            return null;
        }
    }

    static V2Message.Seg pid(V2Message message, int sequence) throws MappingException {
        return message.all("PID").stream().filter(s -> s.sequence() == sequence).findFirst()
                .filter(s -> s.segment() instanceof PID)
                .orElseThrow(() -> new MappingException(ErrorCode.SEGMENT_SEQUENCE_ERROR,
                        org.kaphub.hl7v2.mapping.ErrorLocation.segment("PID", sequence), "PID segment missing"));
    }

    /**
     * The patient's match key and the same number under the system its namespace id had before it resolved to the
     * key's system: a patient stored from {@code 123^^^MAPLE} before {@code MAPLE&2.16…&ISO} was first seen is found
     * by either, so it is updated (an ADT then gives it the canonical identifier) instead of doubled. Several matches
     * (two patients stored before this rule) fail the message (412) rather than pick one.
     */
    static List<Identifier> matchKeys(List<Identifier> pid3, IdentifierSystems systems) {
        Identifier key = matchKey(pid3);
        return systems.matchingSystems(key.getSystem()).stream()
                .map(system -> new Identifier().setSystem(system).setValue(key.getValue())).toList();
    }

    /**
     * The first PID-3 of type MR (the sender's medical record number, its stable patient key), else the first PID-3.
     * PID-2/PID-4 never serve: they are other systems' numbers.
     */
    static Identifier matchKey(List<Identifier> pid3) {
        return pid3.stream()
                .filter(identifier -> identifier.getType().getCoding().stream()
                        .anyMatch(coding -> MEDICAL_RECORD_NUMBER.equals(coding.getCode())))
                .findFirst()
                .orElse(pid3.get(0));
    }
}
