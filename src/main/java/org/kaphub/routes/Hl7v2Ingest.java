package org.kaphub.routes;

import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.preparser.PreParser;
import ca.uhn.hl7v2.util.Terser;
import org.apache.camel.Exchange;
import org.apache.camel.component.hl7.HL7Charset;
import org.apache.camel.component.mllp.MllpConstants;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Meta;
import org.kaphub.audit.AuditTrail;
import org.kaphub.hl7v2.Acks;
import org.kaphub.hl7v2.Hl7v2Parser;
import org.kaphub.hl7v2.mapping.CodeDisplays;
import org.kaphub.hl7v2.mapping.ErrorLocation;
import org.kaphub.hl7v2.mapping.JournalProvenance;
import org.kaphub.hl7v2.mapping.MappingContext;
import org.kaphub.hl7v2.mapping.MappingException;
import org.kaphub.hl7v2.mapping.MessageMapper;
import org.kaphub.hl7v2.mapping.MessageMappers;
import org.kaphub.hl7v2.mapping.V2Message;
import org.kaphub.journal.JournalEntry;
import org.kaphub.journal.MessageKeys;
import org.kaphub.journal.JournalStatus;
import org.kaphub.journal.MessageJournal;
import org.kaphub.journal.ReceivedMessage;
import org.kaphub.ownership.PartnerWriteRefused;
import org.kaphub.ownership.Writer;
import org.kaphub.partners.Partner;
import org.kaphub.security.Hl7v2Senders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The steps of the HL7 v2 inbound route (camel-routes/hl7v2-inbound.camel.yaml): journal the raw message, parse it,
 * attribute it to the partner that sent it, check it against the accepted messages (idempotency), map it with the
 * mapper registered for its MSH-9, store it with its Provenance for that partner, and answer. Each step is one
 * method; the route's error handling calls {@link #reject}, {@link #refuse}, {@link #error} or {@link #fail}.
 * Nothing is acknowledged AA before the FHIR write, the idempotency key and the journal update have committed together.
 */
@Component("hl7v2Ingest")
public class Hl7v2Ingest {

    static final String JOURNAL_ID = "kapJournalId";
    static final String HL7_MESSAGE = "kapHl7Message";
    static final String TRANSACTION = "kapFhirTransaction";
    static final String MAPPER = "kapMessageMapper";
    static final String SENDER = "kapSender";
    /** The registered {@link Partner} the message is attributed to, set by {@link #attribute}. */
    static final String PARTNER = "kapPartner";
    static final String CONTROL_ID = "kapControlId";
    static final String CONTENT_HASH = "kapContentHash";
    /** Set by {@link #deduplicate} when the message is a resend of an accepted one: the route replays its ACK. */
    static final String DUPLICATE_OF = "kapDuplicateOf";
    private static final int STORE_ATTEMPTS = 3;
    /** MSH-3, -4, -10, -9, -12 as the journal step read them (camel-mllp's hl7Headers are off). */
    static final String MSH_FIELDS = "kapMshFields";
    private static final Logger log = LoggerFactory.getLogger(Hl7v2Ingest.class);

    private final MessageJournal journal;
    private final MessageKeys keys;
    private final Hl7v2Parser parser;
    private final Acks acks;
    private final MessageMappers mappers;
    private final MappingContext mappingContext;
    private final CodeDisplays displays;
    private final IFhirSystemDao<Bundle, Meta> fhir;
    private final TransactionTemplate transaction;
    private final AuditTrail audit;
    private final Hl7v2Senders senders;
    private final MllpProperties mllp;

    Hl7v2Ingest(MessageJournal journal, MessageKeys keys, Hl7v2Parser parser, Acks acks, MessageMappers mappers,
              MappingContext mappingContext, CodeDisplays displays, IFhirSystemDao<Bundle, Meta> fhir, PlatformTransactionManager transactionManager,
              AuditTrail audit, Hl7v2Senders senders, MllpProperties mllp) {
        this.journal = journal;
        this.keys = keys;
        this.parser = parser;
        this.acks = acks;
        this.mappers = mappers;
        this.mappingContext = mappingContext;
        this.displays = displays;
        this.fhir = fhir;
        this.transaction = new TransactionTemplate(transactionManager);
        this.audit = audit;
        this.senders = senders;
        this.mllp = mllp;
    }

    /**
     * Step 1: the raw bytes are committed to the journal before anything else is tried. A message over
     * kap.mllp.max-message-bytes is journaled with its first max-message-bytes only, then refused.
     */
    public void journal(Exchange exchange) throws MessageTooLargeException {
        org.apache.camel.Message in = exchange.getMessage();
        byte[] raw = raw(exchange);
        int limit = mllp.maxMessageBytes();
        byte[] kept = raw.length > limit ? Arrays.copyOf(raw, limit) : raw;
        // MSH fields read with HAPI's PreParser rather than camel-mllp's hl7Headers, which fail on an empty frame
        // before the route runs (the sender would get no answer at all).
        String[] msh = mshFields(decode(kept));
        ReceivedMessage received = new ReceivedMessage(exchange.getFromRouteId(),
                in.getHeader(MllpConstants.MLLP_REMOTE_ADDRESS, String.class),
                msh[0], msh[1], msh[2], msh[3], msh[4], kept);
        exchange.setProperty(JOURNAL_ID, journal.recordReceived(received));
        exchange.setProperty(MSH_FIELDS, msh);
        if (raw.length > limit) {
            throw new MessageTooLargeException(raw.length, limit);
        }
    }

    /**
     * Step 2: parse (any v2.3–2.8 into the v2.8 model), require MSH-9 and MSH-10, and find the mapper for the
     * message type; a message no mapper takes is rejected (AR 200/201).
     */
    public void parse(Exchange exchange) throws UnparseableMessageException {
        String text = text(exchange);
        Message message;
        try {
            message = parser.parse(text);
        } catch (HL7Exception | RuntimeException e) {
            throw new UnparseableMessageException("Message could not be parsed as HL7 v2: " + e.getClass().getSimpleName());
        }
        exchange.setProperty(HL7_MESSAGE, message);
        Terser msh = new Terser(message);
        String code;
        String event;
        String controlId;
        String sender;
        try {
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
        MessageMapper mapper = mappers.find(code, event).orElseThrow(() -> mappers.takesCode(code)
                ? new UnparseableMessageException(ErrorCode.UNSUPPORTED_EVENT_CODE, ErrorLocation.segment("MSH", 1).atField(9).atComponent(2),
                "Unsupported trigger event for " + code + "; supported: " + String.join(", ", mappers.supportedTypes()))
                : new UnparseableMessageException(ErrorCode.UNSUPPORTED_MESSAGE_TYPE, ErrorLocation.segment("MSH", 1).atField(9).atComponent(1),
                "Unsupported message type; supported: " + String.join(", ", mappers.supportedTypes())));
        exchange.setProperty(MAPPER, mapper);
        exchange.setProperty(SENDER, sender);
        exchange.setProperty(CONTROL_ID, controlId.trim());
        exchange.setProperty(CONTENT_HASH, MessageKeys.contentHash(text));
    }

    /**
     * Step 3: the partner that sent the message — by the connection's TLS client certificate, else by MSH-3/MSH-4
     * among the registry's hl7v2-senders ({@link Hl7v2Senders}). Anything else is refused: AR, nothing stored.
     */
    public void attribute(Exchange exchange) throws UnattributedMessageException {
        Hl7v2Senders.Attribution attribution = attribution(exchange);
        if (attribution instanceof Hl7v2Senders.Refused refused) {
            throw new UnattributedMessageException(refused.reason());
        }
        exchange.setProperty(PARTNER, ((Hl7v2Senders.Attributed) attribution).partner());
    }

    /**
     * Step 4: a (sender, MSH-10) already accepted is a resend — replayed if the content is the same, an error if the
     * control id was reused for different content. The key is claimed for good only in {@link #store}.
     */
    public void deduplicate(Exchange exchange) throws MappingException {
        String controlId = exchange.getProperty(CONTROL_ID, String.class);
        // Keys claimed before senders were partners name MSH-3|MSH-4 alone: a resend of such a message is still one
        Optional<MessageKeys.Claim> claim = keys.find(keySender(exchange), controlId)
                .or(() -> keys.find(exchange.getProperty(SENDER, String.class), controlId));
        if (claim.isPresent()) {
            checkSameContent(exchange, claim.get());
            exchange.setProperty(DUPLICATE_OF, claim.get().journalId());
        }
    }

    /** Duplicate path: answer with the original's ACK, keep this copy in the journal as DUPLICATE, write nothing. */
    public void replay(Exchange exchange) {
        long originalId = exchange.getProperty(DUPLICATE_OF, Long.class);
        JournalEntry original = journal.find(originalId).orElseThrow();
        journal.markDuplicate(exchange.getProperty(JOURNAL_ID, Long.class), originalId, original.ackCode(), original.ackMessage());
        audit(exchange, original.ackCode(), List.of()); // received again, nothing written
        answer(exchange, original.ackMessage());
    }

    /**
     * Step 5: the mapper for MSH-9 makes the transaction Bundle, its codings get their code systems' displays; a
     * Provenance pointing at the journal entry joins it.
     * Patient identifiers must be of the partner's assigning authorities, when it names any (else AE, 103).
     */
    public void map(Exchange exchange) throws MappingException {
        Message message = exchange.getProperty(HL7_MESSAGE, Message.class);
        MessageMapper mapper = exchange.getProperty(MAPPER, MessageMapper.class);
        V2Message v2 = V2Message.of(message, mappingContext.defaultZone());
        Bundle bundle = mapper.map(v2, mappingContext.forSender(partner(exchange).assigningAuthorities()));
        displays.fill(bundle);
        JournalProvenance.add(bundle, exchange.getProperty(JOURNAL_ID, Long.class), v2.messageType(), v2.event(),
                exchange.getProperty(SENDER, String.class));
        exchange.setProperty(TRANSACTION, bundle);
    }

    /**
     * Step 6: the idempotency key, the FHIR writes, the journal's ACCEPTED mark and the audit record commit in one
     * transaction; then the AA is released. The key goes first: a concurrent copy of the same message waits on it and then fails, unwritten.
     * The writes are made by the partner ({@link Writer}): ownership/'s rule, the same as for its REST clients.
     */
    public void store(Exchange exchange) throws HL7Exception {
        long journalId = exchange.getProperty(JOURNAL_ID, Long.class);
        Message message = exchange.getProperty(HL7_MESSAGE, Message.class);
        Bundle request = exchange.getProperty(TRANSACTION, Bundle.class);
        String ack = acks.accept(message);
    
        for (int attempt = 1; ; attempt++) {
            try {
                // HAPI resolves references inside the Bundle it is given: every attempt gets a fresh copy.
                Bundle attemptRequest = request.copy();
                transaction.executeWithoutResult(status -> {
                    keys.claim(keySender(exchange), exchange.getProperty(CONTROL_ID, String.class),
                            exchange.getProperty(CONTENT_HASH, String.class), journalId);
                    Bundle response = fhir.transactionNested(
                            Writer.of(partner(exchange)).attachTo(new SystemRequestDetails()), attemptRequest);
                    List<String> locations = response.getEntry().stream()
                            .map(entry -> entry.getResponse().getLocation())
                            .toList();
                    journal.markAccepted(journalId, ack, locations);
                    auditStored(exchange, locations);
                });
                break;
            } catch (ResourceVersionConflictException e) {
                // Two messages creating the same patient at the same moment: one conditional create loses the race on
                // HAPI's unique search-url key. Rolled back, the retry finds the patient the other one created.
                if (attempt == STORE_ATTEMPTS) {
                    throw e;
                }
                backOff(attempt);
            }
        }
        answer(exchange, ack);
    }

    /** A short random pause, so that the racing messages do not collide again on the retry. */
    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(10, 50) * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void checkSameContent(Exchange exchange, MessageKeys.Claim claim) throws MappingException {
        if (!claim.contentSha256().equals(exchange.getProperty(CONTENT_HASH, String.class))) {
            throw new MappingException(ErrorCode.DUPLICATE_KEY_IDENTIFIER, ErrorLocation.segment("MSH", 1).atField(10),
                    "MSH-10 message control id was already used by this sender for a message with different content "
                            + "(journal entry " + claim.journalId() + "); send new content with a new control id");
        }
    }

    /** Error path: not HL7 v2, or not a message this route takes. */
    public void reject(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = cause instanceof UnparseableMessageException ? cause.getMessage() : "Message could not be read";
        String ack;
        if (cause instanceof MessageTooLargeException) {
            ack = acks.rejectTooLong(text(exchange), reason);
        } else if (cause instanceof UnparseableMessageException unparseable && unparseable.error() != null) {
            ack = acks.reject(text(exchange), unparseable.error().getCode(), unparseable.location(), reason);
        } else {
            ack = acks.reject(text(exchange), reason);
        }
        finish(exchange, JournalStatus.REJECTED, "AR", ack, reason);
    }

    /** Error path: no registered partner sent it (the certificate or MSH-3/MSH-4): AR 103, nothing stored. */
    public void refuse(Exchange exchange) {
        Hl7v2Senders.Reason reason = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, UnattributedMessageException.class).reason();
        // 103: the sender is not in KAP Hub's table of senders (MSH-3/MSH-4 are HD fields of user tables 0361/0362).
        String ack = acks.reject(text(exchange), ErrorCode.TABLE_VALUE_NOT_FOUND.getCode(),
                reason.aboutSender() ? ErrorLocation.segment("MSH", 1).atField(3) : null, reason.text());
        log.warn("Message {} refused, no registered partner sent it: {} (connection from {})",
                exchange.getProperty(JOURNAL_ID), reason, remoteAddress(exchange));
        finish(exchange, JournalStatus.REJECTED, "AR", ack, reason.text());
    }

    /** Error path: understood, but its content cannot be mapped. */
    public void error(Exchange exchange) {
        MappingException cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, MappingException.class);
        Message message = exchange.getProperty(HL7_MESSAGE, Message.class);
        String ack = acks.error(message, cause);
        finish(exchange, JournalStatus.ERROR, "AE", ack, cause.getMessage());
    }

    /** Error path: anything else — storage refused or unavailable. The sender gets AE and may resend. */
    public void fail(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (concurrentCopy(exchange)) {
            return;
        }
        Message message = exchange.getProperty(HL7_MESSAGE, Message.class);
        PartnerWriteRefused refused = causeOf(cause, PartnerWriteRefused.class);
        if (refused != null && message != null) {
            notTheSendersPatient(exchange, message, refused);
            return;
        }
        String reason = StorageFailures.describe(cause);
        // 404 inside a transaction: a record the message refers to (e.g. the MRG-1 prior patient of a merge) is unknown.
        int code = cause instanceof ResourceNotFoundException ? 204 : 207;
        String ack = message != null
                ? acks.error(message, code, reason)
                : acks.reject(text(exchange), reason);
        // Where it failed (class and line), never the message or exception text: those can quote content.
        log.warn("Message {} not stored: {} [{} at {}]", exchange.getProperty(JOURNAL_ID), reason,
                cause == null ? "-" : cause.getClass().getSimpleName(),
                cause == null || cause.getStackTrace().length == 0 ? "-" : cause.getStackTrace()[0]);
        finish(exchange, JournalStatus.ERROR, "AE", ack, reason);
    }

    /**
     * A write outside the partner's patients (another organisation's patient, or a record of one): AE 204 — to this
     * sender the patient is not a known one — and nothing stored. At PID-3 when the patient itself is refused.
     */
    private void notTheSendersPatient(Exchange exchange, Message message, PartnerWriteRefused refused) {
        String reason = "Not stored: " + refused.reason().text();
        boolean thePatient = refused.reason() == PartnerWriteRefused.Reason.PATIENT_NOT_WRITABLE
                || refused.reason() == PartnerWriteRefused.Reason.ORGANISATION_NOT_PARTNERS;
        String ack = thePatient
                ? acks.error(message, new MappingException(ErrorCode.UNKNOWN_KEY_IDENTIFIER,
                ErrorLocation.segment("PID", 1).atField(3), reason))
                : acks.error(message, ErrorCode.UNKNOWN_KEY_IDENTIFIER.getCode(), reason);
        log.warn("Message {} not stored: {} (partner {})", exchange.getProperty(JOURNAL_ID), refused.reason(),
                partner(exchange).id());
        finish(exchange, JournalStatus.ERROR, "AE", ack, reason);
    }

    private static <T extends Throwable> T causeOf(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /**
     * The audit record of a message that was not accepted, after its outcome is final. An audit failure is logged and
     * does not change the ACK: the message's own outcome is already committed.
     */
    private void audit(Exchange exchange, String ackCode, List<String> resources) {
        try {
            audit.hl7Message(AuditTrail.Direction.IN, auditedSender(exchange), remoteAddress(exchange), mshField(exchange, 3),
                    mshField(exchange, 2), ackCode, resources);
        } catch (RuntimeException e) {
            log.error("Message {} could not be audited: {}", exchange.getProperty(JOURNAL_ID), e.getClass().getSimpleName());
        }
    }

    /** The audit record of an accepted message, in the transaction that stores it: no AA without its record. */
    private void auditStored(Exchange exchange, List<String> resources) {
        audit.hl7MessageStored(auditedSender(exchange), remoteAddress(exchange), mshField(exchange, 3), mshField(exchange, 2), resources);
    }

    /** The partner of an attributed message (see {@link #attribute}). */
    private static Partner partner(Exchange exchange) {
        return exchange.getProperty(PARTNER, Partner.class);
    }

    /**
     * Who the audit names: {@code partner:<id>}, the partner the message is attributed to — also for a message
     * refused before the attribution step (unreadable, too large), when its certificate or sender names one — and
     * {@code unattributed} otherwise; never the facility a message claims.
     */
    private String auditedSender(Exchange exchange) {
        Partner partner = partner(exchange);
        if (partner == null) {
            try {
                partner = attribution(exchange) instanceof Hl7v2Senders.Attributed attributed ? attributed.partner() : null;
            } catch (RuntimeException e) {
                partner = null;
            }
        }
        return partner == null ? "unattributed" : "partner:" + partner.id();
    }

    private Hl7v2Senders.Attribution attribution(Exchange exchange) {
        String certificate = exchange.getMessage().getHeader(MllpConstants.MLLP_SSL_CLIENT_CERT_SUBJECT_NAME, String.class);
        return senders.attribute(certificate, mshField(exchange, 0), mshField(exchange, 1));
    }

    /**
     * The sender half of the idempotency key: the partner and MSH-3/MSH-4, so that one partner's control ids never
     * collide with another's (a partner cannot make another's messages look like resends).
     */
    private static String keySender(Exchange exchange) {
        return partner(exchange).id() + "|" + exchange.getProperty(SENDER, String.class);
    }

    private static String remoteAddress(Exchange exchange) {
        return exchange.getMessage().getHeader(MllpConstants.MLLP_REMOTE_ADDRESS, String.class);
    }

    /** One of {@link #MSH_FIELDS} (0 MSH-3, 1 MSH-4, 2 MSH-10, 3 MSH-9, 4 MSH-12); null when unread. */
    private static String mshField(Exchange exchange, int index) {
        String[] msh = exchange.getProperty(MSH_FIELDS, String[].class);
        return msh == null ? null : msh[index];
    }

    /**
     * A copy of this message (same sender and MSH-10) committed while this one was being stored: the key's primary
     * key refused this one. It is then a duplicate (or a conflicting reuse) like any later resend.
     */
    private boolean concurrentCopy(Exchange exchange) {
        String sender = exchange.getProperty(SENDER, String.class);
        String controlId = exchange.getProperty(CONTROL_ID, String.class);
        Long journalId = exchange.getProperty(JOURNAL_ID, Long.class);
        if (sender == null || controlId == null || journalId == null || partner(exchange) == null) {
            return false;
        }
        Optional<MessageKeys.Claim> claim;
        try {
            claim = keys.find(keySender(exchange), controlId);
        } catch (RuntimeException e) {
            return false;
        }
        if (claim.isEmpty() || claim.get().journalId() == journalId) {
            return false;
        }
        try {
            checkSameContent(exchange, claim.get());
        } catch (MappingException conflict) {
            Message message = exchange.getProperty(HL7_MESSAGE, Message.class);
            finish(exchange, JournalStatus.ERROR, "AE", acks.error(message, conflict), conflict.getMessage());
            return true;
        }
        exchange.setProperty(DUPLICATE_OF, claim.get().journalId());
        replay(exchange);
        return true;
    }

    private void finish(Exchange exchange, JournalStatus status, String ackCode, String ack, String reason) {
        Long journalId = exchange.getProperty(JOURNAL_ID, Long.class);
        if (journalId != null) {
            try {
                journal.markFailed(journalId, status, ackCode, ack, reason);
            } catch (RuntimeException e) {
                // The negative ACK still goes out; the row stays RECEIVED and shows the message was never processed.
                log.error("Journal entry {} could not be updated: {}", journalId, e.getClass().getSimpleName());
            }
        }
        audit(exchange, ackCode, List.of());
        answer(exchange, ack);
    }

    private static void answer(Exchange exchange, String ack) {
        exchange.setProperty(MllpConstants.MLLP_ACKNOWLEDGEMENT_STRING, ack);
        exchange.getMessage().setBody(ack);
    }

    /** MSH-3.1, MSH-4.1, MSH-10, MSH-9 (code^event) and MSH-12 of the raw text; nulls where unreadable. */
    private static String[] mshFields(String text) {
        String[] none = new String[5];
        if (text == null || !text.startsWith("MSH") || text.length() < 9) {
            return none;
        }
        try {
            String[] f = PreParser.getFields(text.replace("\r\n", "\r").replace('\n', '\r'),
                    "MSH-3-1", "MSH-4-1", "MSH-10", "MSH-9-1", "MSH-9-2", "MSH-12-1");
            String type = f[3] == null ? null : f[4] == null ? f[3] : f[3] + "^" + f[4];
            return new String[] {f[0], f[1], f[2], type, f[5]};
        } catch (HL7Exception | RuntimeException e) {
            // Broken MSH-2: keep at least MSH-10, the whole field between the 9th and 10th field separator.
            int end = text.indexOf('\r');
            String[] fields = (end < 0 ? text : text.substring(0, end)).split(Pattern.quote(text.substring(3, 4)), -1);
            none[2] = fields.length > 9 && !fields[9].isBlank() ? fields[9] : null;
            return none;
        }
    }

    private static byte[] raw(Exchange exchange) {
        byte[] raw = exchange.getMessage().getBody(byte[].class);
        return raw == null ? new byte[0] : raw;
    }

    private static String text(Exchange exchange) {
        return decode(raw(exchange));
    }

    /** Decodes with the character set named in MSH-18, UTF-8 when it names none. */
    private static String decode(byte[] raw) {
        Charset charset;
        try {
            charset = Charset.forName(HL7Charset.getCharsetName(raw, StandardCharsets.UTF_8.name()));
        } catch (Exception e) {
            charset = StandardCharsets.UTF_8;
        }
        return new String(raw, charset);
    }
}
