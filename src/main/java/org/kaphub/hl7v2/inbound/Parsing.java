package org.kaphub.hl7v2.inbound;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.util.Terser;
import org.apache.camel.Body;
import org.kaphub.hl7v2.Hl7v2Parser;
import org.kaphub.hl7v2.UnparseableMessageException;
import org.kaphub.hl7v2.mapping.Locations;
import org.kaphub.hl7v2.mapping.message.MessageMappers;
import org.kaphub.journal.MessageKeys;
import org.springframework.stereotype.Component;

/**
 * Second step: parse (any v2.3–2.8 into the v2.8 model), require MSH-9 and MSH-10, and refuse a message type no
 * mapper takes (AR 200 for the type, 201 for the trigger event).
 */
@Component("hl7v2Parsing")
public class Parsing {

    private final Hl7v2Parser parser;
    private final MessageMappers mappers;

    Parsing(Hl7v2Parser parser, MessageMappers mappers) {
        this.parser = parser;
        this.mappers = mappers;
    }

    public InboundMessage parse(@Body InboundMessage in) throws UnparseableMessageException {
        String text = in.text();
        Message message = parser.parse(text);
        String code;
        String event;
        String controlId;
        String sender;
        try {
            Terser msh = new Terser(message);
            code = msh.get("/MSH-9-1");
            event = msh.get("/MSH-9-2");
            controlId = msh.get("/MSH-10");
            Segment header = (Segment) message.get("MSH");
            sender = header.getField(3, 0).encode() + "|" + header.getField(4, 0).encode();
        } catch (HL7Exception e) {
            throw new UnparseableMessageException(ErrorCode.UNSUPPORTED_MESSAGE_TYPE, Locations.field("MSH", 1, 9),
                    "MSH-9 message type could not be read");
        }
        if (code == null || code.isBlank()) {
            throw new UnparseableMessageException(ErrorCode.REQUIRED_FIELD_MISSING, Locations.field("MSH", 1, 9),
                    "MSH-9 message type is required");
        }
        if (controlId == null || controlId.isBlank()) {
            throw new UnparseableMessageException(ErrorCode.REQUIRED_FIELD_MISSING, Locations.field("MSH", 1, 10),
                    "MSH-10 message control id is required");
        }
        if (mappers.find(code, event).isEmpty()) {
            throw mappers.takesCode(code)
                    ? new UnparseableMessageException(ErrorCode.UNSUPPORTED_EVENT_CODE, Locations.component(Locations.field("MSH", 1, 9), 2),
                    "Unsupported trigger event for " + code + "; supported: " + String.join(", ", mappers.supportedTypes()))
                    : new UnparseableMessageException(ErrorCode.UNSUPPORTED_MESSAGE_TYPE, Locations.component(Locations.field("MSH", 1, 9), 1),
                    "Unsupported message type; supported: " + String.join(", ", mappers.supportedTypes()));
        }
        return in.parsed(message, sender, controlId.trim(), MessageKeys.contentHash(text));
    }
}
