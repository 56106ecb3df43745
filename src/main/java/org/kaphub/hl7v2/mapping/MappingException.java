package org.kaphub.hl7v2.mapping;

import ca.uhn.hl7v2.ErrorCode;

import java.util.Objects;

/**
 * The message was understood but its content cannot become FHIR resources; the sender gets an AE naming the
 * field and the HL7 table 0357 condition. The text goes to the sender and to logs, so it must name only what is
 * wrong and where — never a field value.
 */
public class MappingException extends Exception {

    private final ErrorCode error;
    private final ErrorLocation location;

    public MappingException(ErrorCode error, ErrorLocation location, String text) {
        super(text);
        this.error = Objects.requireNonNull(error, "error");
        this.location = Objects.requireNonNull(location, "location");
    }

    /** HL7 table 0357 condition, e.g. {@link ErrorCode#REQUIRED_FIELD_MISSING} (101). */
    public ErrorCode error() {
        return error;
    }

    public int errorCode() {
        return error.getCode();
    }

    public ErrorLocation location() {
        return location;
    }
}
