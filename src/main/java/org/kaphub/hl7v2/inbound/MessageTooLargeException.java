package org.kaphub.hl7v2.inbound;

/** The message is over kap.mllp.max-message-bytes; answered AR with ERR 104 (value too long). Names sizes only. */
public class MessageTooLargeException extends UnparseableMessageException {

    public MessageTooLargeException(int size, int limit) {
        super("Message too large: " + size + " bytes, the limit is " + limit + " bytes (the journal keeps the first "
                + limit + ")");
    }
}
