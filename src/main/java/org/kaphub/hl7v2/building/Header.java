package org.kaphub.hl7v2.building;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.DataTypeException;
import ca.uhn.hl7v2.model.v28.datatype.HD;
import ca.uhn.hl7v2.model.v28.segment.MSH;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * MSH of an outbound message: who sends to whom (the receiver's registry entry), when, which type, its control id
 * and the receiver's version. MSH-7 is in UTC with its offset, so no receiver has to guess KAP Hub's zone.
 */
public final class Header {

    private static final DateTimeFormatter SECONDS_WITH_OFFSET =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmssxx").withZone(ZoneOffset.UTC);

    private Header() {
    }

    /**
     * @param structure MSH-9.3 (e.g. {@code RAS_O17}); only sent from v2.3.1 on, where the field has that component
     */
    public static void fill(MSH msh, String code, String event, String structure, Outbound outbound) throws HL7Exception {
        Receiver receiver = outbound.receiver();
        msh.getFieldSeparator().setValue("|");
        msh.getEncodingCharacters().setValue("^~\\&");
        hd(msh.getSendingApplication(), receiver.sendingApplication());
        hd(msh.getSendingFacility(), receiver.sendingFacility());
        hd(msh.getReceivingApplication(), receiver.receivingApplication());
        hd(msh.getReceivingFacility(), receiver.receivingFacility());
        msh.getDateTimeOfMessage().setValue(SECONDS_WITH_OFFSET.format(outbound.at()));
        msh.getMessageType().getMessageCode().setValue(code);
        msh.getMessageType().getTriggerEvent().setValue(event);
        if (!"2.3".equals(receiver.version())) {
            msh.getMessageType().getMessageStructure().setValue(structure);
        }
        msh.getMessageControlID().setValue(outbound.controlId());
        msh.getProcessingID().getProcessingID().setValue("P");
        msh.getVersionID().getVersionID().setValue(receiver.version());
        if (receiver.characterSet() != null) {
            msh.getCharacterSet(0).setValue(receiver.characterSet());
        }
    }

    /** An HD given as ER7 components ("KAPHUB" or "KAPHUB^2.16.840.1.113883.3.9999^ISO"); null leaves it empty. */
    private static void hd(HD hd, String components) throws DataTypeException {
        if (components == null || components.isBlank()) {
            return;
        }
        String[] parts = components.split("\\^", -1);
        hd.getNamespaceID().setValue(parts[0]);
        if (parts.length > 2) {
            hd.getUniversalID().setValue(parts[1]);
            hd.getUniversalIDType().setValue(parts[2]);
        }
    }
}
