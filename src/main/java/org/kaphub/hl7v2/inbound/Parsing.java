package org.kaphub.hl7v2.inbound;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.util.Terser;
import org.apache.camel.Body;
import org.kaphub.hl7v2.Hl7v2Parser;
import org.kaphub.hl7v2.mapping.ErrorLocation;
import org.kaphub.hl7v2.mapping.MessageMappers;
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
        Message message;
        try {
            message = parser.parse(text);
        } catch (HL7Exception | RuntimeException e) {
            // HAPI's text can quote the input: only the kind of failure goes to the sender and the log
            throw new UnparseableMessageException("Message could not be parsed as HL7 v2: " + e.getClass().getSimpleName());
        }
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
            throw new UnparseableMessageException("MSH-9 (message type) could not be read");
        }
        if (code == null || code.isBlank()) {
            throw new UnparseableMessageException(ErrorCode.REQUIRED_FIELD_MISSING, ErrorLocation.segment("MSH", 1).atField(9),
                    "MSH-9 message type is required");
        }
        if (controlId == null || controlId.isBlank()) {
            throw new UnparseableMessageException(ErrorCode.REQUIRED_FIELD_MISSING, ErrorLocation.segment("MSH", 1).atField(10),
                    "MSH-10 message control id is required");
        }
        if (mappers.find(code, event).isEmpty()) {
            throw mappers.takesCode(code)
                    ? new UnparseableMessageException(ErrorCode.UNSUPPORTED_EVENT_CODE, ErrorLocation.segment("MSH", 1).atField(9).atComponent(2),
                    "Unsupported trigger event for " + code + "; supported: " + String.join(", ", mappers.supportedTypes()))
                    : new UnparseableMessageException(ErrorCode.UNSUPPORTED_MESSAGE_TYPE, ErrorLocation.segment("MSH", 1).atField(9).atComponent(1),
                    "Unsupported message type; supported: " + String.join(", ", mappers.supportedTypes()));
        }
        return in.parsed(message, sender, controlId.trim(), MessageKeys.contentHash(text));
    }
}
