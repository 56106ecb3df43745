package org.kaphub.hl7v2.inbound;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.util.Terser;
import org.kaphub.hl7v2.MessageRejectedException;

/**
 * The message is over kap.mllp.max-message-bytes: answered AR with ERR-3 104 "Value too long" (table 0357 since
 * v2.7: "a value exceeded [...] the length that the application is able to safely handle"). Names sizes only.
 */
public class MessageTooLargeException extends MessageRejectedException {

    private static final String VALUE_TOO_LONG = "104";

    public MessageTooLargeException(int size, int limit) {
        super(ErrorCode.APPLICATION_INTERNAL_ERROR, null, "Message too large: " + size + " bytes, the limit is " + limit
                + " bytes (the journal keeps the first " + limit + ")");
    }

    /** HAPI's ErrorCode stops at the v2.5 codes: its ERR-3 is rewritten to 104. */
    @Override
    public Message populateResponse(Message emptyResponse, AcknowledgmentCode code, int repetition) throws HL7Exception {
        Message response = super.populateResponse(emptyResponse, code, repetition);
        Segment err = (Segment) response.get("ERR", repetition);
        Terser.set(err, 3, 0, 1, 1, VALUE_TOO_LONG);
        Terser.set(err, 3, 0, 2, 1, "Value too long");
        return response;
    }
}
