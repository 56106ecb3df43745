package org.kaphub.hl7v2;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.Location;

/**
 * The message is refused as a whole, before its content is looked at: answered AR ("application reject"), where
 * every other {@link HL7Exception} is answered AE. Sending it again unchanged will not help. The text goes to the
 * sender and to logs: it names what is wrong, never a value of the input.
 */
public class MessageRejectedException extends HL7Exception {

    public MessageRejectedException(ErrorCode error, Location location, String text) {
        super(text, error);
        setLocation(location);
    }
}
