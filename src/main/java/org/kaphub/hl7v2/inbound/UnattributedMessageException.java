package org.kaphub.hl7v2.inbound;

import org.kaphub.hl7v2.inbound.Hl7v2Senders;

/** No registered partner sent this message (README "HL7 v2 in"); answered AR, journaled REJECTED, nothing stored. */
public class UnattributedMessageException extends Exception {

    private final Hl7v2Senders.Reason reason;

    UnattributedMessageException(Hl7v2Senders.Reason reason) {
        super(reason.text());
        this.reason = reason;
    }

    Hl7v2Senders.Reason reason() {
        return reason;
    }
}
