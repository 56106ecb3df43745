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
        Patient patient = PidToPatient.map(segment, context.systems());
        return tx.upsert(patient, matchKey(PidToPatient.identifiers(segment, context.systems())));
    }

    static Reference ensure(V2Message message, MappingContext context, Transaction tx) throws MappingException {
        PID segment = (PID) pid(message, 1).segment();
        Patient patient = PidToPatient.map(segment, context.systems());
        return tx.createIfAbsent(patient, matchKey(PidToPatient.identifiers(segment, context.systems())));
    }

    /** The Patient's match key, for records (e.g. a result without order numbers) keyed by patient and time. */
    static Identifier key(V2Message message, MappingContext context) throws MappingException {
        return matchKey(PidToPatient.identifiers((PID) pid(message, 1).segment(), context.systems()));
    }

    static V2Message.Seg pid(V2Message message, int sequence) throws MappingException {
        return message.all("PID").stream().filter(s -> s.sequence() == sequence).findFirst()
                .filter(s -> s.segment() instanceof PID)
                .orElseThrow(() -> new MappingException(ErrorCode.SEGMENT_SEQUENCE_ERROR,
                        org.kaphub.hl7v2.mapping.ErrorLocation.segment("PID", sequence), "PID segment missing"));
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
