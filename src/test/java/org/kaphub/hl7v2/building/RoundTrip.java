package org.kaphub.hl7v2.building;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.parser.UnexpectedSegmentBehaviourEnum;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.kaphub.hl7v2.Hl7v2Fixtures;
import org.kaphub.hl7v2.mapping.MappingException;
import org.kaphub.hl7v2.UnparseableMessageException;

import java.util.List;

/**
 * The oracle of the builders' tests: a built message, encoded as it goes on the wire, read back by KAP Hub's own
 * inbound parser and mapper; and the same text parsed strictly in the receiver's version (HAPI's default validation
 * rules, a segment out of place refused), so a message that only KAP Hub would accept fails.
 */
public final class RoundTrip {

    private static final HapiContext STRICT = strict();

    private RoundTrip() {
    }

    /** ER7 as sent: segments separated by CR. */
    public static String encode(Message message) throws HL7Exception {
        return new PipeParser().encode(message);
    }

    /** What KAP Hub's inbound side makes of the message: its transaction Bundle. */
    public static Bundle mapped(Message message) throws HL7Exception, UnparseableMessageException, MappingException {
        return Hl7v2Fixtures.map(Hl7v2Fixtures.PARSER.parse(encode(message)));
    }

    /** The resources of {@code type} in the mapped Bundle. */
    public static <T extends Resource> List<T> resources(Bundle bundle, Class<T> type) {
        return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(type::isInstance).map(type::cast).toList();
    }

    /**
     * The message parsed with the structures of its MSH-12 version, validating primitives and refusing unexpected
     * segments.
     *
     * @throws HL7Exception when the message does not conform
     */
    public static Message strictlyParsed(Message message) throws HL7Exception {
        return STRICT.getPipeParser().parse(encode(message));
    }

    private static HapiContext strict() {
        HapiContext context = new DefaultHapiContext();
        context.setValidationContext(ValidationContextFactory.defaultValidation());
        context.getParserConfiguration().setValidating(true);
        context.getParserConfiguration().setUnexpectedSegmentBehaviour(UnexpectedSegmentBehaviourEnum.THROW_HL7_EXCEPTION);
        return context;
    }
}
