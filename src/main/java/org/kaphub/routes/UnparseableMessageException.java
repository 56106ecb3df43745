package org.kaphub.routes;

/** The input is not an HL7 v2 message this route can read; answered AR. The text never quotes the input. */
public class UnparseableMessageException extends Exception {
    public UnparseableMessageException(String message) {
        super(message);
    }
}
