package org.kaphub.hl7v2.mapping.message;

import ca.uhn.hl7v2.ErrorCode;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Reference;
import org.kaphub.hl7v2.mapping.Locations;
import org.kaphub.hl7v2.mapping.MappingContext;
import org.kaphub.hl7v2.mapping.MappingException;
import org.kaphub.hl7v2.mapping.MessageMapper;
import org.kaphub.hl7v2.mapping.Transaction;
import org.kaphub.hl7v2.mapping.V2Message;
import org.kaphub.hl7v2.mapping.segment.RxaToMedicationAdministration;

import java.util.Set;

/**
 * RAS^O17 (pharmacy administration: ORC + RXA + RXR per give; RAS^O01 in v2.3 and v2.3.1) → one KAP MedicationAdministration per RXA. Neither an
 * open converter nor the v2-to-FHIR guide maps RAS (RXA maps only to Immunization there): the design is KAP Hub's,
 * documented in {@link RxaToMedicationAdministration} and HL7V2-README-SECTION.md.
 */
public final class RasO17ToTransaction implements MessageMapper {

    @Override
    public Set<String> messageTypes() {
        return Set.of("RAS^O17", "RAS^O01"); // O01: the same message from v2.3 / v2.3.1 senders
    }

    @Override
    public Bundle map(V2Message message, MappingContext context) throws MappingException {
        Orders orders = Orders.of(message);
        if (orders.orders().isEmpty()) {
            throw new MappingException(ErrorCode.SEGMENT_SEQUENCE_ERROR, Locations.segment("ORC", 1), "ORC segment missing");
        }
        Transaction tx = new Transaction();
        Reference patient = PatientEntries.ensure(message, context, tx);
        Identifier patientKey = PatientEntries.key(message, context);
        int administrations = 0;
        for (Orders.Order order : orders.orders()) {
            for (V2Message.Seg rxa : order.all("RXA")) {
                MedicationAdministration administration = RxaToMedicationAdministration.map(message, order.orc(), rxa,
                        order.after(rxa, "RXR"), patient, patientKey, context.systems());
                tx.upsert(administration, administration.getIdentifierFirstRep());
                administrations++;
            }
        }
        if (administrations == 0) {
            throw new MappingException(ErrorCode.SEGMENT_SEQUENCE_ERROR, Locations.segment("RXA", 1), "RXA segment missing");
        }
        return tx.bundle();
    }
}
