package org.kaphub.routes;

import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.Terser;
import org.apache.camel.Exchange;
import org.apache.camel.component.hl7.HL7Charset;
import org.apache.camel.component.mllp.MllpConstants;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Meta;
import org.kaphub.audit.AuditTrail;
import org.kaphub.hl7v2.Acks;
import org.kaphub.hl7v2.Hl7v2Parser;
import org.kaphub.hl7v2.mapping.MappingException;
import org.kaphub.hl7v2.mapping.datatype.IdentifierSystems;
import org.kaphub.hl7v2.mapping.message.AdtToTransaction;
import org.kaphub.journal.JournalStatus;
import org.kaphub.journal.MessageJournal;
import org.kaphub.journal.ReceivedMessage;
import org.kaphub.security.ClientRegistration;
import org.kaphub.security.ClientRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The steps of the ADT inbound route (camel-routes/hl7v2-adt-inbound.camel.yaml): journal the raw message,
 * parse it, map PID to a Patient, store it, and answer. Each step is one method; the route's error handling
 * calls {@link #reject}, {@link #error} or {@link #fail}. Nothing is acknowledged AA before the FHIR write and
 * the journal update have committed together.
 */
@Component("adtIngest")
public class AdtIngest {

    static final String JOURNAL_ID = "kapJournalId";
    static final String HL7_MESSAGE = "kapHl7Message";
    static final String TRANSACTION = "kapFhirTransaction";
    private static final Set<String> SUPPORTED_EVENTS = Set.of("A04", "A08");
    private static final Pattern HAPI_CODE = Pattern.compile("^(HAPI-\\d+)");
    private static final Logger log = LoggerFactory.getLogger(AdtIngest.class);

    private final MessageJournal journal;
    private final Hl7v2Parser parser;
    private final Acks acks;
    private final IdentifierSystems identifierSystems;
    private final IFhirSystemDao<Bundle, Meta> fhir;
    private final TransactionTemplate transaction;
    private final AuditTrail audit;
    private final ClientRegistry partners;

    AdtIngest(MessageJournal journal, Hl7v2Parser parser, Acks acks, IdentifierSystems identifierSystems,
              IFhirSystemDao<Bundle, Meta> fhir, PlatformTransactionManager transactionManager,
              AuditTrail audit, ClientRegistry partners) {
        this.journal = journal;
        this.parser = parser;
        this.acks = acks;
        this.identifierSystems = identifierSystems;
        this.fhir = fhir;
        this.transaction = new TransactionTemplate(transactionManager);
        this.audit = audit;
        this.partners = partners;
    }

    /** Step 1: the raw bytes are committed to the journal before anything else is tried. */
    public void journal(Exchange exchange) {
        org.apache.camel.Message in = exchange.getMessage();
        ReceivedMessage received = new ReceivedMessage(exchange.getFromRouteId(),
                in.getHeader(MllpConstants.MLLP_REMOTE_ADDRESS, String.class),
                in.getHeader(MllpConstants.MLLP_SENDING_APPLICATION, String.class),
                in.getHeader(MllpConstants.MLLP_SENDING_FACILITY, String.class),
                in.getHeader(MllpConstants.MLLP_MESSAGE_CONTROL, String.class),
                in.getHeader(MllpConstants.MLLP_MESSAGE_TYPE, String.class),
                in.getHeader(MllpConstants.MLLP_VERSION_ID, String.class),
                raw(exchange));
        exchange.setProperty(JOURNAL_ID, journal.recordReceived(received));
    }

    /** Step 2: parse (any v2.3–2.8 into the v2.8 model) and check it is an event this route handles. */
    public void parse(Exchange exchange) throws UnparseableMessageException {
        Message message;
        try {
            message = parser.parse(text(exchange));
        } catch (HL7Exception | RuntimeException e) {
            throw new UnparseableMessageException("Message could not be parsed as HL7 v2: " + e.getClass().getSimpleName());
        }
        exchange.setProperty(HL7_MESSAGE, message);
        Terser msh = new Terser(message);
        String code;
        String event;
        try {
            code = msh.get("/MSH-9-1");
            event = msh.get("/MSH-9-2");
        } catch (HL7Exception e) {
            throw new UnparseableMessageException("MSH-9 (message type) could not be read");
        }
        if (!"ADT".equals(code) || !SUPPORTED_EVENTS.contains(event)) {
            throw new UnparseableMessageException("Unsupported message type on this listener: only ADT^A04 and ADT^A08");
        }
    }

    /** Step 3: PID to a conditional-update transaction Bundle. */
    public void map(Exchange exchange) throws MappingException {
        Message message = exchange.getProperty(HL7_MESSAGE, Message.class);
        exchange.setProperty(TRANSACTION, AdtToTransaction.map(message, identifierSystems));
    }

    /** Step 4: FHIR writes and the journal's ACCEPTED mark commit in one transaction; then the AA is released. */
    public void store(Exchange exchange) throws HL7Exception {
        long journalId = exchange.getProperty(JOURNAL_ID, Long.class);
        Message message = exchange.getProperty(HL7_MESSAGE, Message.class);
        Bundle request = exchange.getProperty(TRANSACTION, Bundle.class);
        String ack = acks.accept(message);
        List<String> written = transaction.execute(status -> {
            Bundle response = fhir.transactionNested(new SystemRequestDetails(), request);
            List<String> locations = response.getEntry().stream()
                    .map(entry -> entry.getResponse().getLocation())
                    .toList();
            journal.markAccepted(journalId, ack, locations);
            return locations;
        });
        audit(exchange, "AA", written);
        answer(exchange, ack);
    }

    /** Error path: not HL7 v2, or not a message this route takes. */
    public void reject(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = cause instanceof UnparseableMessageException ? cause.getMessage() : "Message could not be read";
        String ack = acks.reject(text(exchange), reason);
        finish(exchange, JournalStatus.REJECTED, "AR", ack, reason);
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
        String reason = storageFailure(cause);
        Message message = exchange.getProperty(HL7_MESSAGE, Message.class);
        String ack = message != null
                ? acks.error(message, 207, reason)
                : acks.reject(text(exchange), reason);
        log.warn("Message {} not stored: {}", exchange.getProperty(JOURNAL_ID), reason);
        finish(exchange, JournalStatus.ERROR, "AE", ack, reason);
    }

    /**
     * The audit record of the message, after its outcome is final. The partner is the registration matching the
     * TLS client certificate, else the sending facility (MSH-4) as the message states it. An audit failure is
     * logged and does not change the ACK: the message's own outcome is already committed.
     */
    private void audit(Exchange exchange, String ackCode, List<String> resources) {
        org.apache.camel.Message in = exchange.getMessage();
        String certificate = in.getHeader(MllpConstants.MLLP_SSL_CLIENT_CERT_SUBJECT_NAME, String.class);
        String partner = partners.findByCertificateSubject(certificate).map(ClientRegistration::clientId)
                .orElseGet(() -> certificate != null ? "unregistered-certificate"
                        : "facility:" + in.getHeader(MllpConstants.MLLP_SENDING_FACILITY, String.class));
        try {
            audit.hl7Message(AuditTrail.Direction.IN, partner, in.getHeader(MllpConstants.MLLP_REMOTE_ADDRESS, String.class),
                    in.getHeader(MllpConstants.MLLP_MESSAGE_TYPE, String.class),
                    in.getHeader(MllpConstants.MLLP_MESSAGE_CONTROL, String.class), ackCode, resources);
        } catch (RuntimeException e) {
            log.error("Message {} could not be audited: {}", exchange.getProperty(JOURNAL_ID), e.getClass().getSimpleName());
        }
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

    /** Names what failed without echoing field values (HAPI's messages can quote identifiers). */
    private static String storageFailure(Exception cause) {
        if (cause instanceof BaseServerResponseException fhirError) {
            Matcher code = HAPI_CODE.matcher(String.valueOf(fhirError.getMessage()));
            return "FHIR storage refused the record (HTTP " + fhirError.getStatusCode() + (code.find() ? ", " + code.group(1) : "") + ")";
        }
        return "Storage unavailable (" + (cause == null ? "unknown" : cause.getClass().getSimpleName()) + "); resend later";
    }

    private static byte[] raw(Exchange exchange) {
        byte[] raw = exchange.getMessage().getBody(byte[].class);
        return raw == null ? new byte[0] : raw;
    }

    /** Decodes with the character set named in MSH-18, UTF-8 when it names none. */
    private static String text(Exchange exchange) {
        byte[] raw = raw(exchange);
        Charset charset;
        try {
            charset = Charset.forName(HL7Charset.getCharsetName(raw, StandardCharsets.UTF_8.name()));
        } catch (Exception e) {
            charset = StandardCharsets.UTF_8;
        }
        return new String(raw, charset);
    }
}
