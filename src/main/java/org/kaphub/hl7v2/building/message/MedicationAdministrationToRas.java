package org.kaphub.hl7v2.building.message;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v28.group.RAS_O17_ADMINISTRATION;
import ca.uhn.hl7v2.model.v28.message.RAS_O17;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Resource;
import org.kaphub.hl7v2.building.BuildException;
import org.kaphub.hl7v2.building.Header;
import org.kaphub.hl7v2.building.MessageBuilder;
import org.kaphub.hl7v2.building.Outbound;
import org.kaphub.hl7v2.building.segment.MedicationAdministrationToRxa;
import org.kaphub.hl7v2.building.segment.PatientToPid;

import java.util.Set;

/**
 * MedicationAdministration (ketamine, esketamine) → RAS^O17 (PID, ORC, RXA, RXR), the inverse of
 * {@link org.kaphub.hl7v2.mapping.message.RasO17ToTransaction}; a v2.3 receiver gets the same segments as RAS^O01,
 * that version's event for the message. The inbound RAS map reads no OBX, so REMS monitoring observations do not
 * travel here (they go as ORU^R01).
 */
public final class MedicationAdministrationToRas implements MessageBuilder {

    @Override
    public Set<String> messageTypes() {
        return Set.of("RAS^O17", "RAS^O01");
    }

    @Override
    public boolean builds(Resource resource) {
        return resource instanceof MedicationAdministration;
    }

    @Override
    public Message build(Outbound outbound) throws BuildException {
        RAS_O17 ras = new RAS_O17();
        try {
            String event = PharmacyEvents.event("O17", outbound);
            Header.fill(ras.getMSH(), "RAS", event, "RAS_" + event, outbound);
            PatientToPid.fill(ras.getPATIENT().getPID(), outbound.patient(), outbound.receiver());
            RAS_O17_ADMINISTRATION administration = ras.getORDER().getADMINISTRATION();
            MedicationAdministrationToRxa.fill(ras.getORDER().getORC(), administration.getRXA(), administration.getRXR(),
                    (MedicationAdministration) outbound.resource(), outbound);
        } catch (HL7Exception e) {
            throw new IllegalStateException("RAS could not be built", e); // our typing, not the data
        }
        return ras;
    }
}
