package org.kaphub.hl7v2;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.GenericMessage;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.parser.EncodingCharacters;
import ca.uhn.hl7v2.parser.ParserConfiguration;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.parser.UnexpectedSegmentBehaviourEnum;
import ca.uhn.hl7v2.util.DeepCopy;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.util.idgenerator.UUIDGenerator;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import org.kaphub.hl7v2.mapping.Locations;

import java.util.regex.Pattern;

/**
 * Parses ER7 ("pipe") text of any HL7 v2 version HAPI knows (2.1–2.8.1) into the v2.8 model classes, so the
 * mappers are written once against v2.8. Senders' MSH-12 is kept as received, so ACKs can answer in their version.
 *
 * <p>Thread safety: HAPI's {@link PipeParser} is <em>not</em> safe for concurrent parsing — it caches structure
 * definitions in an unsynchronised {@code HashMap} filled lazily by {@code parse}. Each thread therefore gets its
 * own PipeParser (all sharing one configured {@link HapiContext}, which is only read after construction).
 */
public final class Hl7v2Parser {

    static final String MODEL_VERSION = "2.8";
    private static final String DEFAULT_ENCODING_CHARACTERS = "^~\\&";
    private static final Pattern LINE_BREAKS = Pattern.compile("\r\n|\n");

    private final HapiContext context;
    private final ThreadLocal<PipeParser> parsers;

    public Hl7v2Parser() {
        context = new DefaultHapiContext();
        context.setModelClassFactory(new WithdrawnTypes(MODEL_VERSION));
        context.setValidationContext(ValidationContextFactory.noValidation());
        ParserConfiguration configuration = context.getParserConfiguration();
        configuration.setValidating(false);
        // Z-segments and segments out of place are kept where they occur instead of failing the message.
        configuration.setUnexpectedSegmentBehaviour(UnexpectedSegmentBehaviourEnum.ADD_INLINE);
        // HAPI's default generator persists a counter in ./id_file (or $hapi.home): a file per working directory,
        // shared state across instances and restarts. A random UUID needs neither.
        configuration.setIdGenerator(new UUIDGenerator());
        parsers = ThreadLocal.withInitial(() -> new PipeParser(context));
    }

    /**
     * Segment separators may arrive as CR (the standard), CRLF or LF (files, some interface engines); a leading
     * UTF-8 byte-order mark is dropped. A literal line break is not legal inside an ER7 field, so normalising is safe.
     *
     * @throws UnparseableMessageException with the table 0357 code and MSH field at fault, in words that never quote
     *                                     the input
     */
    public Message parse(String er7) throws UnparseableMessageException {
        String text = normalise(er7);
        try {
            return parsers.get().parse(text);
        } catch (HL7Exception | RuntimeException e) {
            throw refusal(text, e);
        }
    }

    /**
     * Why HAPI refused the text. Its messages quote the input, and it reports broken encoding characters as a missing
     * required field (no location), so MSH-1/MSH-2 are looked at here first. Only checked once HAPI has failed: it
     * reads some broken ones well enough (a public sample sends MSH-2 {@code ^~\\&}).
     */
    private static UnparseableMessageException refusal(String text, Exception parseFailure) {
        if (!text.startsWith("MSH") || text.length() < 8) {
            return UnparseableMessageException.noMessage();
        }
        if (delimiters(text) == null) {
            return new UnparseableMessageException(ErrorCode.DATA_TYPE_ERROR, Locations.field("MSH", 1, 2),
                    "MSH-1 and MSH-2 must be a field separator and 4 or 5 distinct encoding characters, none a letter or digit");
        }
        return parseFailure instanceof HL7Exception e ? UnparseableMessageException.of(e) : UnparseableMessageException.noMessage();
    }

    /**
     * The inbound MSH, as far as it can be read from text that is no {@link Message}, in a message an ACK can be
     * generated from (HAPI's way for unparseable input): its critical response data (MSH-1, -2, -10, -11, -12, read by
     * field separator alone), then the whole MSH segment when MSH-1/MSH-2 are sane delimiters — with wrong ones
     * HAPI would read the other fields from the wrong positions, and an answer would be misaddressed. Text without a
     * readable MSH gives an empty header with the default delimiters.
     */
    Message header(String er7) {
        GenericMessage holder = new GenericMessage.V28(context.getModelClassFactory());
        holder.setParser(parsers.get());
        try {
            Segment msh = (Segment) holder.get("MSH");
            Terser.set(msh, 1, 0, 1, 1, "|");
            Terser.set(msh, 2, 0, 1, 1, DEFAULT_ENCODING_CHARACTERS);
            String text = normalise(er7);
            if (!text.startsWith("MSH")) {
                return holder;
            }
            try {
                DeepCopy.copy(parsers.get().getCriticalResponseData(text), msh);
            } catch (HL7Exception e) {
                // e.g. an empty MSH-2: HAPI reads nothing, but MSH-10 still stands between the 9th and 10th separator
                Terser.set(msh, 10, 0, 1, 1, controlIdBySeparator(text));
                return holder;
            }
            EncodingCharacters delimiters = delimiters(text);
            if (delimiters == null) {
                Terser.set(msh, 1, 0, 1, 1, "|");
                Terser.set(msh, 2, 0, 1, 1, DEFAULT_ENCODING_CHARACTERS);
                return holder;
            }
            int end = text.indexOf('\r');
            parsers.get().parse(msh, end < 0 ? text : text.substring(0, end), delimiters);
            return holder;
        } catch (HL7Exception e) {
            throw new IllegalStateException("MSH holder could not be filled", e);
        }
    }

    /** MSH-10 read by the field separator alone, whatever MSH-2 holds; null when the MSH is shorter. */
    private static String controlIdBySeparator(String text) {
        int end = text.indexOf('\r');
        String[] fields = (end < 0 ? text : text.substring(0, end)).split(java.util.regex.Pattern.quote(text.substring(3, 4)), -1);
        return fields.length > 9 && !fields[9].isBlank() ? fields[9] : null;
    }

    private static String normalise(String er7) {
        if (er7 == null) {
            return "";
        }
        String text = er7.startsWith("\uFEFF") ? er7.substring(1) : er7;
        return LINE_BREAKS.matcher(text).replaceAll("\r");
    }

    /**
     * MSH-1 and MSH-2 as HL7 defines them: "MSH", a field separator, then 4 (or, from v2.7, 5) distinct delimiter
     * characters up to the next field separator; none alphanumeric, none white space. HAPI parses others, into
     * nonsense. Null when they are not.
     */
    private static EncodingCharacters delimiters(String text) {
        if (text.length() < 8) {
            return null;
        }
        char fieldSeparator = text.charAt(3);
        int end = text.indexOf(fieldSeparator, 4);
        String encoding = end < 0 ? "" : text.substring(4, end);
        String all = fieldSeparator + encoding;
        boolean sane = (encoding.length() == 4 || encoding.length() == 5)
                && all.chars().distinct().count() == all.length()
                && all.chars().noneMatch(c -> Character.isLetterOrDigit(c) || Character.isWhitespace(c));
        return sane ? new EncodingCharacters(fieldSeparator, encoding) : null;
    }

    /** ER7 text with {@code \r} segment separators. */
    public String encode(Message message) throws HL7Exception {
        return parsers.get().encode(message);
    }

}
