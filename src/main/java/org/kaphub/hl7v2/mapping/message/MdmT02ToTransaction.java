package org.kaphub.hl7v2.mapping.message;

import ca.uhn.hl7v2.ErrorCode;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Reference;
import org.kaphub.hl7v2.mapping.Locations;
import org.kaphub.hl7v2.mapping.MappingContext;
import org.kaphub.hl7v2.mapping.MappingException;
import org.kaphub.hl7v2.mapping.MessageMapper;
import org.kaphub.hl7v2.mapping.Transaction;
import org.kaphub.hl7v2.mapping.V2Message;
import org.kaphub.hl7v2.mapping.segment.TxaToDocumentReference;

import java.util.Set;

/**
 * MDM^T02 (original document notification and content: TXA + OBX) → DocumentReference (v2-to-FHIR message map
 * MDM_T02: TXA → DocumentReference, OBX → content.attachment). KAP integration-session notes arrive this way.
 */
public final class MdmT02ToTransaction implements MessageMapper {

    @Override
    public Set<String> messageTypes() {
        return Set.of("MDM^T02");
    }

    @Override
    public Bundle map(V2Message message, MappingContext context) throws MappingException {
        V2Message.Seg txa = message.first("TXA").orElseThrow(() -> new MappingException(ErrorCode.SEGMENT_SEQUENCE_ERROR,
                Locations.segment("TXA", 1), "TXA segment missing"));
        Transaction tx = new Transaction();
        Reference patient = PatientEntries.ensure(message, context, tx);
        DocumentReference document = TxaToDocumentReference.map(message, txa, message.all("OBX"), patient, context.systems());
        tx.upsert(document, document.getMasterIdentifier());
        return tx.bundle();
    }
}
