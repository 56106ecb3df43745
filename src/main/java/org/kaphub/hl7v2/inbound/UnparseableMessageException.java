package org.kaphub.hl7v2.inbound;

import ca.uhn.hl7v2.ErrorCode;
import org.kaphub.hl7v2.mapping.ErrorLocation;

/**
 * The input is not an HL7 v2 message this listener can read or takes; answered AR. The text never quotes the input.
 * The table 0357 code and location are given when known (e.g. 101 at MSH-10, 200 at MSH-9.1); otherwise the ACK
 * builder derives them from the raw input.
 */
public class UnparseableMessageException extends Exception {

    private final ErrorCode error;
    private final transient ErrorLocation location;

    public UnparseableMessageException(String message) {
        this(null, null, message);
    }

    public UnparseableMessageException(ErrorCode error, ErrorLocation location, String message) {
        super(message);
        this.error = error;
        this.location = location;
    }

    public ErrorCode error() {
        return error;
    }

    public ErrorLocation location() {
        return location;
    }
}
