package org.kaphub.hl7v2.building.message;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v28.message.RDE_O11;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Resource;
import org.kaphub.hl7v2.building.BuildException;
import org.kaphub.hl7v2.building.Header;
import org.kaphub.hl7v2.building.MessageBuilder;
import org.kaphub.hl7v2.building.Outbound;
import org.kaphub.hl7v2.building.segment.MedicationRequestToOrder;
import org.kaphub.hl7v2.building.segment.PatientToPid;

import java.util.Set;

/**
 * MedicationRequest → RDE^O11 (PID, ORC, RXE, TQ1 from v2.5, RXR) for pharmacy partners, the inverse of
 * {@link org.kaphub.hl7v2.mapping.message.PharmacyOrderToTransaction}; a v2.3 receiver gets RDE^O01, that version's
 * event for the message.
 */
public final class MedicationRequestToRde implements MessageBuilder {

    @Override
    public Set<String> messageTypes() {
        return Set.of("RDE^O11", "RDE^O01");
    }

    @Override
    public boolean builds(Resource resource) {
        return resource instanceof MedicationRequest;
    }

    @Override
    public Message build(Outbound outbound) throws BuildException {
        RDE_O11 rde = new RDE_O11();
        try {
            String event = PharmacyEvents.event("O11", outbound);
            Header.fill(rde.getMSH(), "RDE", event, "RDE_" + event, outbound);
            PatientToPid.fill(rde.getPATIENT().getPID(), outbound.patient(), outbound.receiver());
            MedicationRequestToOrder.fill(rde.getORDER().getORC(), rde.getORDER().getRXE(), rde.getORDER().getRXR(),
                    PharmacyEvents.hasTq1(outbound) ? rde.getORDER().getTIMING_ENCODED().getTQ1() : null,
                    (MedicationRequest) outbound.resource(), outbound);
        } catch (HL7Exception e) {
            throw new IllegalStateException("RDE could not be built", e); // our typing, not the data
        }
        return rde;
    }
}
