package org.kaphub.hl7v2;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.ModelClassFactory;
import ca.uhn.hl7v2.parser.ParserConfiguration;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.parser.UnexpectedSegmentBehaviourEnum;
import ca.uhn.hl7v2.util.idgenerator.UUIDGenerator;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
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
    private static final Pattern LINE_BREAKS = Pattern.compile("\r\n|\n");

    private final HapiContext context;
    private final ThreadLocal<PipeParser> parsers;

    public Hl7v2Parser() {
        context = new DefaultHapiContext();
        context.setModelClassFactory(new CanonicalModelClassFactory(MODEL_VERSION));
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
     */
    public Message parse(String er7) throws HL7Exception {
        if (er7 == null) {
            throw new HL7Exception("No message text");
        }
        String text = er7.startsWith("\uFEFF") ? er7.substring(1) : er7;
        return parsers.get().parse(LINE_BREAKS.matcher(text).replaceAll("\r"));
    }

    /** ER7 text with {@code \r} segment separators. */
    public String encode(Message message) throws HL7Exception {
        return parsers.get().encode(message);
    }

    ModelClassFactory modelClassFactory() {
        return context.getModelClassFactory();
    }

    String nextControlId() {
        try {
            return context.getParserConfiguration().getIdGenerator().getID();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
