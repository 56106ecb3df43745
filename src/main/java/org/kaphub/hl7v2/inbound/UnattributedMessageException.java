package org.kaphub.hl7v2.inbound;

import ca.uhn.hl7v2.ErrorCode;
import org.kaphub.hl7v2.MessageRejectedException;
import org.kaphub.hl7v2.mapping.Locations;

/**
 * No registered partner sent this message (README "HL7 v2 in"); answered AR, journaled REJECTED, nothing stored.
 * ERR-3 103: the sender is not in KAP Hub's table of senders (MSH-3/MSH-4 are HD fields of user tables 0361/0362),
 * at MSH-3 when the reason is about the sender the message names.
 */
public class UnattributedMessageException extends MessageRejectedException {

    private final Hl7v2Senders.Reason reason;

    UnattributedMessageException(Hl7v2Senders.Reason reason) {
        super(ErrorCode.TABLE_VALUE_NOT_FOUND, reason.aboutSender() ? Locations.field("MSH", 1, 3) : null, reason.text());
        this.reason = reason;
    }

    Hl7v2Senders.Reason reason() {
        return reason;
    }
}
