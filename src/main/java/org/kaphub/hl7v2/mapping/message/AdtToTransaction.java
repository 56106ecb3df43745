package org.kaphub.hl7v2.mapping.message;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;
import org.kaphub.hl7v2.mapping.MappingContext;
import org.kaphub.hl7v2.mapping.MappingException;
import org.kaphub.hl7v2.mapping.MessageMapper;
import org.kaphub.hl7v2.mapping.Transaction;
import org.kaphub.hl7v2.mapping.V2Message;
import org.kaphub.hl7v2.mapping.segment.Pv1ToEncounter;

import java.util.Set;

/**
 * ADT^A01/A04/A08/A31 → Patient, + Encounter when PV1 carries a visit (v2-to-FHIR message maps ADT_A01, ADT_A04,
 * ADT_A08; PID → Patient, PV1 → Encounter). A31 (update person information) has no visit: Patient only.
 *
 * <p>Works on the flat segment list: under {@code CanonicalModelClassFactory("2.8")} an ADT^A04 parses into
 * {@code ADT_A01}, or into a {@code GenericMessage} when MSH-9.3 names a structure v2.8 lacks ("ADT_A04" from v2.4
 * senders); both hold a v2.8 PID.
 */
public final class AdtToTransaction implements MessageMapper {

    @Override
    public Set<String> messageTypes() {
        return Set.of("ADT^A01", "ADT^A04", "ADT^A08", "ADT^A31");
    }

    @Override
    public Bundle map(V2Message message, MappingContext context) throws MappingException {
        Transaction tx = new Transaction();
        Reference patient = PatientEntries.upsert(message, context, tx);
        if (!"A31".equals(message.event())) {
            for (V2Message.Seg pv1 : message.all("PV1")) {
                Pv1ToEncounter.map(pv1, message.event(), patient, context.systems(), message.senderScope())
                        .ifPresent(encounter -> tx.upsert(encounter, encounter.getIdentifierFirstRep()));
            }
        }
        return tx.bundle();
    }
}
