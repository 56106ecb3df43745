package org.kaphub.hl7v2;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.Version;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v28.datatype.ERL;
import ca.uhn.hl7v2.model.v28.datatype.HD;
import ca.uhn.hl7v2.model.v28.message.ACK;
import ca.uhn.hl7v2.model.v28.segment.ERR;
import ca.uhn.hl7v2.model.v28.segment.MSH;
import ca.uhn.hl7v2.parser.DefaultEscaping;
import ca.uhn.hl7v2.parser.EncodingCharacters;
import ca.uhn.hl7v2.preparser.PreParser;
import ca.uhn.hl7v2.util.Terser;
import org.kaphub.hl7v2.mapping.ErrorLocation;
import org.kaphub.hl7v2.mapping.MappingException;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * ER7 text of the ACK answering an inbound message: AA, AE with an ERR (v2.5+ layout: ERR-2 location, ERR-3 table
 * 0357 code, ERR-4 severity, ERR-8 text) or AR for input that could not be parsed.
 *
 * <p>Built on the v2.8 ACK structure rather than {@code Message.generateACK()}: HAPI's version copies only the first
 * component of the sending/receiving application and facility (an HD's universal id is lost) and cannot answer
 * input that never became a {@code Message}. Either way MSH-12 repeats the sender's version, so the sender reads
 * the answer in the version it speaks.
 *
 * <p>Texts end up with the sender and in its logs: callers must pass texts that name what is wrong and where, never
 * field values (HAPI's own exception messages can quote message content; don't pass them through).
 */
public final class Acks {

    private static final DateTimeFormatter MSH_7 = DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSSZ");
    private static final String DEFAULT_ENCODING_CHARACTERS = "^~\\&";
    private static final int VALUE_TOO_LONG = 104;

    private final Hl7v2Parser parser;

    public Acks(Hl7v2Parser parser) {
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    /** MSA|AA: the message was processed. */
    public String accept(Message in) {
        return encode(build(Header.of(in), AcknowledgmentCode.AA));
    }

    /** MSA|AE with ERR pointing at the field the mapping failed on. */
    public String error(Message in, MappingException e) {
        ACK ack = build(Header.of(in), AcknowledgmentCode.AE);
        addError(ack, e.error(), e.location(), e.getMessage());
        return encode(ack);
    }

    /** MSA|AE without a location, e.g. 207 when storage failed; the sender may resend. */
    public String error(Message in, int code, String text) {
        ACK ack = build(Header.of(in), AcknowledgmentCode.AE);
        addError(ack, errorCode(code), null, text);
        return encode(ack);
    }

    /**
     * MSA|AR for input the parser refused, or that this receiver does not take. The ERR code is derived from the
     * raw input: 100 when there is no readable MSH, 101/203 when MSH-12 is missing/unknown, 200 when MSH-9 is incomplete;
     * input that parses (so the rejection is about its type or event) gets 200.
     */
    public String reject(String raw, String text) {
        Rejection rejection = classify(raw);
        return reject(raw, rejection.code().getCode(), rejection.location(), text);
    }

    /** MSA|AR with a table 0357 code chosen by the caller, e.g. 201 for an event this listener does not take. */
    public String reject(String raw, int code, String text) {
        ErrorLocation location = switch (errorCode(code)) {
            case UNSUPPORTED_MESSAGE_TYPE -> ErrorLocation.segment("MSH", 1).atField(9).atComponent(1);
            case UNSUPPORTED_EVENT_CODE -> ErrorLocation.segment("MSH", 1).atField(9).atComponent(2);
            case UNSUPPORTED_PROCESSING_ID -> ErrorLocation.segment("MSH", 1).atField(11);
            case UNSUPPORTED_VERSION_ID -> ErrorLocation.segment("MSH", 1).atField(12);
            default -> null;
        };
        return reject(raw, code, location, text);
    }

    /** MSA|AR with the table 0357 code and location chosen by the caller (e.g. 101 at MSH-10). */
    public String reject(String raw, int code, ErrorLocation location, String text) {
        ACK ack = build(Header.of(raw), AcknowledgmentCode.AR);
        addError(ack, errorCode(code), location, text);
        return encode(ack);
    }

    /**
     * MSA|AR with ERR-3 104 "Value too long" (table 0357 since v2.7: "a value exceeded [...] the length that the
     * application is able to safely handle"), for a message over the size limit. HAPI's ErrorCode stops at the v2.5
     * codes, hence the literal. Only the MSH is read to address the answer.
     */
    public String rejectTooLong(String raw, String text) {
        int end = raw.indexOf('\r');
        ACK ack = build(Header.of(end < 0 ? raw : raw.substring(0, end)), AcknowledgmentCode.AR);
        addError(ack, VALUE_TOO_LONG, "Value too long", null, text);
        return encode(ack);
    }

    private ACK build(Header in, AcknowledgmentCode code) {
        try {
            ACK ack = new ACK(parser.modelClassFactory());
            MSH msh = ack.getMSH();
            msh.getFieldSeparator().setValue(in.fieldSeparator());
            msh.getEncodingCharacters().setValue(in.encodingCharacters());
            // An answer goes back where the message came from: their sender is our receiver and vice versa.
            in.receivingApplication().copyTo(msh.getSendingApplication());
            in.receivingFacility().copyTo(msh.getSendingFacility());
            in.sendingApplication().copyTo(msh.getReceivingApplication());
            in.sendingFacility().copyTo(msh.getReceivingFacility());
            msh.getDateTimeOfMessage().setValue(ZonedDateTime.now().format(MSH_7));
            msh.getMessageType().getMessageCode().setValue("ACK");
            msh.getMessageType().getTriggerEvent().setValue(in.triggerEvent());
            msh.getMessageType().getMessageStructure().setValue("ACK");
            msh.getMessageControlID().setValue(parser.nextControlId());
            msh.getProcessingID().getProcessingID().setValue(in.processingId());
            msh.getProcessingID().getProcessingMode().setValue(in.processingMode());
            msh.getVersionID().getVersionID().setValue(in.version() != null ? in.version() : Hl7v2Parser.MODEL_VERSION);
            ack.getMSA().getAcknowledgmentCode().setValue(code.name());
            ack.getMSA().getMessageControlID().setValue(in.controlId());
            return ack;
        } catch (HL7Exception e) {
            throw new IllegalStateException("ACK could not be built", e);
        }
    }

    private static void addError(ACK ack, ErrorCode code, ErrorLocation location, String text) {
        addError(ack, code.getCode(), code.getMessage(), location, text);
    }

    private static void addError(ACK ack, int code, String codeText, ErrorLocation location, String text) {
        try {
            ERR err = ack.getERR();
            if (location != null) {
                ERL erl = err.getErrorLocation(0);
                erl.getSegmentID().setValue(location.segmentId());
                erl.getSegmentSequence().setValue(Integer.toString(location.segmentSequence()));
                setIfPositive(erl.getFieldPosition(), location.field());
                setIfPositive(erl.getFieldRepetition(), location.repetition());
                setIfPositive(erl.getErl5_ComponentNumber(), location.component());
            }
            err.getHL7ErrorCode().getIdentifier().setValue(Integer.toString(code));
            err.getHL7ErrorCode().getText().setValue(codeText);
            err.getHL7ErrorCode().getNameOfCodingSystem().setValue(ErrorCode.codeTable());
            err.getSeverity().setValue("E");
            if (text != null && !text.isBlank()) {
                err.getUserMessage().setValue(text);
            }
        } catch (HL7Exception e) {
            throw new IllegalStateException("ERR could not be built", e);
        }
    }

    private static void setIfPositive(ca.uhn.hl7v2.model.Primitive field, int value) throws HL7Exception {
        if (value > 0) {
            field.setValue(Integer.toString(value));
        }
    }

    private static ErrorCode errorCode(int code) {
        ErrorCode error = ErrorCode.errorCodeFor(code);
        if (error == null) {
            throw new IllegalArgumentException("Not an HL7 table 0357 code: " + code);
        }
        return error;
    }

    private String encode(ACK ack) {
        try {
            return parser.encode(ack);
        } catch (HL7Exception e) {
            throw new IllegalStateException("ACK could not be encoded", e);
        }
    }

    private Rejection classify(String raw) {
        Header header = Header.of(raw);
        ErrorLocation msh = ErrorLocation.segment("MSH", 1);
        if (!header.readable()) {
            return new Rejection(ErrorCode.SEGMENT_SEQUENCE_ERROR, null);
        }
        if (header.version() == null) {
            return new Rejection(ErrorCode.REQUIRED_FIELD_MISSING, msh.atField(12));
        }
        if (Version.versionOf(header.version()) == null) {
            return new Rejection(ErrorCode.UNSUPPORTED_VERSION_ID, msh.atField(12));
        }
        if (header.messageCode() == null || (header.triggerEvent() == null && !"ACK".equals(header.messageCode()))) {
            return new Rejection(ErrorCode.UNSUPPORTED_MESSAGE_TYPE, msh.atField(9));
        }
        try {
            parser.parse(raw);
            return new Rejection(ErrorCode.UNSUPPORTED_MESSAGE_TYPE, msh.atField(9));
        } catch (HL7Exception | RuntimeException e) {
            return new Rejection(ErrorCode.SEGMENT_SEQUENCE_ERROR, null);
        }
    }

    private record Rejection(ErrorCode code, ErrorLocation location) {
    }

    /** An HD as three decoded strings, so both a parsed MSH and raw text can fill the ACK's HD fields. */
    private record Hd(String namespaceId, String universalId, String universalIdType) {

        static final Hd EMPTY = new Hd(null, null, null);

        void copyTo(HD hd) throws HL7Exception {
            hd.getNamespaceID().setValue(namespaceId);
            hd.getUniversalID().setValue(universalId);
            hd.getUniversalIDType().setValue(universalIdType);
        }
    }

    /** The inbound MSH fields an ACK echoes; all null when the input has no readable MSH. */
    private record Header(boolean readable, String fieldSeparator, String encodingCharacters,
                          Hd sendingApplication, Hd sendingFacility, Hd receivingApplication, Hd receivingFacility,
                          String messageCode, String triggerEvent, String controlId, String processingId,
                          String processingMode, String version) {

        private static final Header UNREADABLE = new Header(false, "|", DEFAULT_ENCODING_CHARACTERS,
                Hd.EMPTY, Hd.EMPTY, Hd.EMPTY, Hd.EMPTY, null, null, null, null, null, null);

        static Header of(Message in) {
            try {
                Terser t = new Terser(in);
                return new Header(true, t.get("/MSH-1"), t.get("/MSH-2"),
                        hd(t, 3), hd(t, 4), hd(t, 5), hd(t, 6),
                        t.get("/MSH-9-1"), t.get("/MSH-9-2"), t.get("/MSH-10"),
                        t.get("/MSH-11-1"), t.get("/MSH-11-2"), t.get("/MSH-12-1"));
            } catch (HL7Exception e) {
                throw new IllegalStateException("Inbound MSH cannot be read", e);
            }
        }

        private static Hd hd(Terser t, int field) throws HL7Exception {
            return new Hd(t.get("/MSH-" + field + "-1"), t.get("/MSH-" + field + "-2"), t.get("/MSH-" + field + "-3"));
        }

        /**
         * From text HAPI could not parse, via its PreParser — but only when MSH-1/MSH-2 are sane: with wrong
         * encoding characters PreParser still returns values, just from the wrong positions, and echoing those
         * would misaddress the answer.
         */
        static Header of(String raw) {
            if (raw == null) {
                return UNREADABLE;
            }
            String text = raw.startsWith("\uFEFF") ? raw.substring(1) : raw;
            EncodingCharacters delimiters = delimiters(text);
            if (delimiters == null) {
                return unreadable(text);
            }
            try {
                String[] f = PreParser.getFields(text,
                        "MSH-3-1", "MSH-3-2", "MSH-3-3", "MSH-4-1", "MSH-4-2", "MSH-4-3",
                        "MSH-5-1", "MSH-5-2", "MSH-5-3", "MSH-6-1", "MSH-6-2", "MSH-6-3",
                        "MSH-9-1", "MSH-9-2", "MSH-10", "MSH-11-1", "MSH-11-2", "MSH-12-1");
                DefaultEscaping escaping = new DefaultEscaping();
                for (int i = 0; i < f.length; i++) {
                    f[i] = f[i] == null || f[i].isEmpty() ? null : escaping.unescape(f[i], delimiters);
                }
                return new Header(true, String.valueOf(delimiters.getFieldSeparator()), delimiters.toString(),
                        new Hd(f[0], f[1], f[2]), new Hd(f[3], f[4], f[5]), new Hd(f[6], f[7], f[8]),
                        new Hd(f[9], f[10], f[11]), f[12], f[13], f[14], f[15], f[16], f[17]);
            } catch (HL7Exception | RuntimeException e) {
                return UNREADABLE;
            }
        }

        /**
         * Input whose MSH-2 is missing or broken: nothing is echoed but MSH-10 — the whole field between the 9th and
         * 10th field separator, when MSH-1 is a plausible separator — so the sender can still match the AR to what it
         * sent. Components are not split: with unknown delimiters that would misread them.
         */
        private static Header unreadable(String text) {
            if (text.length() < 5 || !text.startsWith("MSH") || Character.isLetterOrDigit(text.charAt(3))
                    || Character.isWhitespace(text.charAt(3))) {
                return UNREADABLE;
            }
            int end = text.indexOf('\r');
            String msh = end < 0 ? text : text.substring(0, end);
            String[] fields = msh.split(java.util.regex.Pattern.quote(String.valueOf(text.charAt(3))), -1);
            String controlId = fields.length > 9 && !fields[9].isBlank() && fields[9].length() <= 199 ? fields[9] : null;
            return new Header(false, "|", DEFAULT_ENCODING_CHARACTERS, Hd.EMPTY, Hd.EMPTY, Hd.EMPTY, Hd.EMPTY,
                    null, null, controlId, null, null, null);
        }

        /**
         * MSH-1 and MSH-2 as HL7 defines them: "MSH", a field separator, then 4 (or, from v2.7, 5) distinct
         * delimiter characters up to the next field separator; none alphanumeric, none a line break.
         */
        private static EncodingCharacters delimiters(String text) {
            if (text.length() < 8 || !text.startsWith("MSH")) {
                return null;
            }
            char fieldSeparator = text.charAt(3);
            int end = text.indexOf(fieldSeparator, 4);
            if (end < 0) {
                return null;
            }
            String encoding = text.substring(4, end);
            if (encoding.length() < 4 || encoding.length() > 5 || encoding.chars().distinct().count() != encoding.length()) {
                return null;
            }
            for (char c : (fieldSeparator + encoding).toCharArray()) {
                if (Character.isLetterOrDigit(c) || Character.isWhitespace(c)) {
                    return null;
                }
            }
            return new EncodingCharacters(fieldSeparator, encoding);
        }
    }
}
