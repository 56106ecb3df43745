package org.kaphub.hl7v2;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.util.DeepCopy;
import ca.uhn.hl7v2.util.Terser;

import java.io.IOException;
import java.util.Objects;

/**
 * ER7 text of the ACK answering an inbound message, made by HAPI's {@link Message#generateACK}: MSH swapped and
 * answered in the sender's version (MSH-12), MSA, and for an exception its ERR (v2.5+ layout: ERR-2 location, ERR-3
 * table 0357 code, ERR-4 severity). AR for a {@link MessageRejectedException}, AE for any other exception. What HAPI
 * leaves out is added here: the whole sender and receiver HDs and MSH-11 (HAPI copies their first component only, so
 * an OID-identified facility lost its OID), ERR-8 the text for the user, and an answer to input that never became a
 * {@code Message}.
 *
 * <p>Texts go to the sender and to its logs: exceptions must name what is wrong and where, never field values
 * (HAPI's own parser messages quote content; {@link UnparseableMessageException#of} re-words them).
 */
public final class Acks {

    private static final int[][] SWAPPED_FIELDS = {{3, 5}, {4, 6}, {5, 3}, {6, 4}, {11, 11}};

    private final Hl7v2Parser parser;

    public Acks(Hl7v2Parser parser) {
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    /** MSA|AA: the message was processed. */
    public String ack(Message in) {
        return answer(in, AcknowledgmentCode.AA, null);
    }

    /** MSA|AR for a {@link MessageRejectedException}, MSA|AE for any other, with the exception's ERR. */
    public String ack(Message in, HL7Exception e) {
        return answer(in, e instanceof MessageRejectedException ? AcknowledgmentCode.AR : AcknowledgmentCode.AE, e);
    }

    /** MSA|AR for input that is no {@link Message}: addressed from whatever of its MSH can be read. */
    public String reject(String raw, HL7Exception e) {
        return answer(parser.header(raw), AcknowledgmentCode.AR, e);
    }

    private String answer(Message in, AcknowledgmentCode code, HL7Exception e) {
        try {
            Message ack = in.generateACK(code, e);
            Segment from = (Segment) in.get("MSH");
            Segment to = (Segment) ack.get("MSH");
            for (int[] field : SWAPPED_FIELDS) {
                DeepCopy.copy(from.getField(field[0], 0), to.getField(field[1], 0));
            }
            if (e != null) {
                Terser.set((Segment) ack.get("ERR"), 8, 0, 1, 1, e.getMessageWithoutLocation());
            }
            return parser.encode(ack);
        } catch (HL7Exception | IOException x) {
            throw new IllegalStateException("ACK could not be built", x);
        }
    }
}
