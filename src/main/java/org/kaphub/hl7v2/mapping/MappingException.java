package org.kaphub.hl7v2.mapping;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.Location;

import java.util.Objects;

/**
 * The message was understood but its content cannot become FHIR resources; the sender gets an AE naming the
 * field (ERR-2) and the HL7 table 0357 condition (ERR-3). The text goes to the sender and to logs, so it must name
 * only what is wrong — never a field value; {@link #getMessage()} adds the location.
 */
public class MappingException extends HL7Exception {

    public MappingException(ErrorCode error, Location location, String text) {
        super(text, Objects.requireNonNull(error, "error"));
        setLocation(Objects.requireNonNull(location, "location"));
    }
}
