package org.kaphub.hl7v2.building.message;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v28.message.ADT_A01;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.kaphub.hl7v2.building.BuildException;
import org.kaphub.hl7v2.building.Header;
import org.kaphub.hl7v2.building.MessageBuilder;
import org.kaphub.hl7v2.building.Outbound;
import org.kaphub.hl7v2.building.Withdrawn;
import org.kaphub.hl7v2.building.segment.PatientToPid;

import java.util.Set;

/**
 * Patient → ADT^A04 (register: the first time this receiver gets the patient) or ADT^A08 (update patient information:
 * every later change), structure ADT_A01, the inverse of {@link org.kaphub.hl7v2.mapping.message.AdtToTransaction}.
 * PV1 is required by the structure and says "not applicable" (PV1-2 N): a registration is no visit.
 */
public final class PatientToAdt implements MessageBuilder {

    @Override
    public Set<String> messageTypes() {
        return Set.of("ADT^A04", "ADT^A08");
    }

    @Override
    public boolean builds(Resource resource) {
        return resource instanceof Patient;
    }

    @Override
    public Message build(Outbound outbound) throws BuildException {
        String event = outbound.patientKnown() ? "A08" : "A04";
        ADT_A01 adt = new ADT_A01();
        try {
            Header.fill(adt.getMSH(), "ADT", event, "ADT_A01", outbound);
            if (evn1(outbound.receiver().version())) {
                Withdrawn.set(adt.getEVN().getEvn1_EventTypeCode(), event);
            }
            adt.getEVN().getRecordedDateTime().setValue(adt.getMSH().getDateTimeOfMessage().getValue());
            PatientToPid.fill(adt.getPID(), outbound.patient(), outbound.receiver());
            adt.getPV1().getSetIDPV1().setValue("1");
            adt.getPV1().getPatientClass().getIdentifier().setValue("N");
        } catch (HL7Exception e) {
            throw new IllegalStateException("ADT^" + event + " could not be built", e); // our typing, not the data
        }
        return adt;
    }

    /** EVN-1 (event type code) is required up to v2.4 and withdrawn from v2.5 on. */
    private static boolean evn1(String version) {
        return version.startsWith("2.3") || version.startsWith("2.4");
    }
}
