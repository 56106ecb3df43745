package org.kaphub.hl7v2.mapping.message;

import ca.uhn.hl7v2.ErrorCode;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Reference;
import org.kaphub.hl7v2.mapping.Locations;
import org.kaphub.hl7v2.mapping.MappingContext;
import org.kaphub.hl7v2.mapping.MappingException;
import org.kaphub.hl7v2.mapping.MessageMapper;
import org.kaphub.hl7v2.mapping.Transaction;
import org.kaphub.hl7v2.mapping.V2Message;
import org.kaphub.hl7v2.mapping.segment.OrderToMedicationRequest;

import java.util.Set;

/**
 * RDE^O11 (pharmacy encoded order: ORC + RXE + RXR + TQ1; RDE^O01 in v2.3 and v2.3.1) and OMP^O09 (pharmacy order: ORC + RXO + RXR + TQ1) →
 * one MedicationRequest per ORC (KAP MedicationRequest profile). The v2-to-FHIR guide has no RDE map; the design is
 * KAP Hub's own, documented in {@link OrderToMedicationRequest}.
 */
public final class PharmacyOrderToTransaction implements MessageMapper {

    @Override
    public Set<String> messageTypes() {
        return Set.of("RDE^O11", "RDE^O01", "OMP^O09"); // RDE^O01: RDE from v2.3 / v2.3.1 senders
    }

    @Override
    public Bundle map(V2Message message, MappingContext context) throws MappingException {
        String give = message.messageType().startsWith("RDE") ? "RXE" : "RXO";
        Orders orders = Orders.of(message);
        if (orders.orders().isEmpty()) {
            throw new MappingException(ErrorCode.SEGMENT_SEQUENCE_ERROR, Locations.segment("ORC", 1), "ORC segment missing");
        }
        Transaction tx = new Transaction();
        Reference patient = PatientEntries.ensure(message, context, tx);
        for (Orders.Order order : orders.orders()) {
            V2Message.Seg rx = order.first(give).orElseThrow(() -> new MappingException(ErrorCode.SEGMENT_SEQUENCE_ERROR,
                    Locations.segment(give, 1), give + " segment missing for ORC " + order.orc().sequence()));
            MedicationRequest request = OrderToMedicationRequest.map(message, order.orc(), rx,
                    order.after(rx, "RXR").or(() -> order.first("RXR")), order.first("TQ1"), patient, context.systems());
            tx.upsert(request, request.getIdentifierFirstRep());
        }
        return tx.bundle();
    }
}
