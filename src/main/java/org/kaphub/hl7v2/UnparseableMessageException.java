package org.kaphub.hl7v2;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.Location;
import org.kaphub.hl7v2.mapping.Locations;

/**
 * Not an HL7 v2 message this receiver can read, or not one it takes (MSH-9, MSH-10): answered AR with the table 0357
 * code and the MSH field at fault.
 */
public class UnparseableMessageException extends MessageRejectedException {

    public UnparseableMessageException(ErrorCode error, Location location, String text) {
        super(error, location, text);
    }

    /**
     * HAPI's parse failure, re-worded: HAPI's own texts quote the input (MSH-2, MSH-9, the first characters of the
     * message). Its code is kept where it names a header field; anything else is 100, no readable MSH first.
     */
    static UnparseableMessageException of(HL7Exception parseFailure) {
        return switch (parseFailure.getError()) {
            case UNSUPPORTED_VERSION_ID -> new UnparseableMessageException(ErrorCode.UNSUPPORTED_VERSION_ID,
                    Locations.field("MSH", 1, 12), "MSH-12 names an HL7 version this receiver does not read (2.1 to 2.8.1)");
            // HAPI's only required-field check before the body is MSH-12 (broken MSH-2s are sorted out before)
            case REQUIRED_FIELD_MISSING -> new UnparseableMessageException(ErrorCode.REQUIRED_FIELD_MISSING,
                    Locations.field("MSH", 1, 12), "MSH-12 version id is required");
            case UNSUPPORTED_MESSAGE_TYPE -> new UnparseableMessageException(ErrorCode.UNSUPPORTED_MESSAGE_TYPE,
                    Locations.field("MSH", 1, 9), "MSH-9 message type must name a message code and a trigger event");
            default -> noMessage();
        };
    }

    static UnparseableMessageException noMessage() {
        return new UnparseableMessageException(ErrorCode.SEGMENT_SEQUENCE_ERROR, null,
                "Not an HL7 v2 message: it must start with an MSH segment of at least 12 fields");
    }
}
