package org.kaphub.hl7v2.building;

import ca.uhn.hl7v2.model.Message;
import org.hl7.fhir.r4.model.Resource;

import java.util.Set;

/**
 * FHIR → one HL7 v2 message type: the outbound side of {@link org.kaphub.hl7v2.mapping.MessageMapper}, and its
 * inverse for the same fields (the round-trip tests hold every builder to that). Implementations are stateless and
 * need no Spring; they build in the v2.8 model classes (as the mappers read) and the message says the receiver's
 * version in MSH-12 ({@link Header}).
 */
public interface MessageBuilder {

    /** The MSH-9 code^event pairs this builder makes, e.g. {@code "RAS^O17"}. */
    Set<String> messageTypes();

    /** Whether it makes the message for this resource (the one a delivery is about). */
    boolean builds(Resource resource);

    /**
     * @throws BuildException when the resource cannot be said in this message (a required element missing, a code
     *                        without a v2 equivalent): the delivery is dead-lettered with the reason, never sent half
     */
    Message build(Outbound outbound) throws BuildException;
}
