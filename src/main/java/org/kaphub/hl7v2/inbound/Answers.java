package org.kaphub.hl7v2.inbound;

import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.hl7v2.ErrorCode;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.kaphub.hl7v2.Acks;
import org.kaphub.hl7v2.mapping.ErrorLocation;
import org.kaphub.hl7v2.mapping.MappingException;
import org.kaphub.journal.JournalStatus;
import org.kaphub.journal.MessageJournal;
import org.kaphub.ownership.PartnerWriteRefused;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The inbound route's error branches (camel-routes/hl7v2-inbound-errors.camel.yaml): each answers with an AR or AE,
 * records the outcome in the journal and the audit trail, and returns the ACK. The body is the
 * {@link InboundMessage} as the failing step received it (the raw frame if journaling itself failed).
 */
@Component("hl7v2Answers")
public class Answers {

    private static final Logger log = LoggerFactory.getLogger(Answers.class);

    private final Acks acks;
    private final MessageJournal journal;
    private final InboundAudit audit;

    Answers(Acks acks, MessageJournal journal, InboundAudit audit) {
        this.acks = acks;
        this.journal = journal;
        this.audit = audit;
    }

    /** Not HL7 v2, too large, or not a message type this route takes: AR. */
    public String reject(@Body Object body, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) UnparseableMessageException cause) {
        InboundMessage in = InboundMessage.of(body);
        String ack;
        if (cause instanceof MessageTooLargeException) {
            ack = acks.rejectTooLong(in.text(), cause.getMessage());
        } else if (cause.error() != null) {
            ack = acks.reject(in.text(), cause.error().getCode(), cause.location(), cause.getMessage());
        } else {
            ack = acks.reject(in.text(), cause.getMessage());
        }
        return finish(in, JournalStatus.REJECTED, "AR", ack, cause.getMessage());
    }

    /** No registered partner sent it (its certificate or MSH-3/MSH-4): AR 103, nothing stored. */
    public String refuse(@Body InboundMessage in, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) UnattributedMessageException cause) {
        Hl7v2Senders.Reason reason = cause.reason();
        // 103: the sender is not in KAP Hub's table of senders (MSH-3/MSH-4 are HD fields of user tables 0361/0362).
        String ack = acks.reject(in.text(), ErrorCode.TABLE_VALUE_NOT_FOUND.getCode(),
                reason.aboutSender() ? ErrorLocation.segment("MSH", 1).atField(3) : null, reason.text());
        log.warn("Message {} refused, no registered partner sent it: {} (connection from {})",
                in.journalId(), reason, in.connection().remoteAddress());
        return finish(in, JournalStatus.REJECTED, "AR", ack, reason.text());
    }

    /** Understood, but its content cannot be mapped (or its control id was reused): AE at the field. */
    public String error(@Body InboundMessage in, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) MappingException cause) {
        return finish(in, JournalStatus.ERROR, "AE", acks.error(in.parsed(), cause), cause.getMessage());
    }

    /** Anything else — storage refused or unavailable: AE, and the sender may resend. */
    public String fail(@Body Object body, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause) {
        InboundMessage in = InboundMessage.of(body);
        PartnerWriteRefused refused = causeOf(cause, PartnerWriteRefused.class);
        if (refused != null && in.parsed() != null) {
            return notTheSendersPatient(in, refused);
        }
        String reason = StorageFailures.describe(cause);
        // 404 inside a transaction: a record the message refers to (e.g. the MRG-1 prior patient of a merge) is unknown.
        int code = cause instanceof ResourceNotFoundException ? 204 : 207;
        String ack = in.parsed() != null ? acks.error(in.parsed(), code, reason) : acks.reject(in.text(), reason);
        // Where it failed (class and line), never the message or exception text: those can quote content.
        log.warn("Message {} not stored: {} [{} at {}]", in.journalId(), reason,
                cause == null ? "-" : cause.getClass().getSimpleName(),
                cause == null || cause.getStackTrace().length == 0 ? "-" : cause.getStackTrace()[0]);
        return finish(in, JournalStatus.ERROR, "AE", ack, reason);
    }

    /**
     * A write outside the partner's patients (another organisation's patient, or a record of one): AE 204 — to this
     * sender the patient is not a known one — and nothing stored. At PID-3 when the patient itself is refused.
     */
    private String notTheSendersPatient(InboundMessage in, PartnerWriteRefused refused) {
        String reason = "Not stored: " + refused.reason().text();
        boolean thePatient = refused.reason() == PartnerWriteRefused.Reason.PATIENT_NOT_WRITABLE
                || refused.reason() == PartnerWriteRefused.Reason.ORGANISATION_NOT_PARTNERS;
        String ack = thePatient
                ? acks.error(in.parsed(), new MappingException(ErrorCode.UNKNOWN_KEY_IDENTIFIER,
                ErrorLocation.segment("PID", 1).atField(3), reason))
                : acks.error(in.parsed(), ErrorCode.UNKNOWN_KEY_IDENTIFIER.getCode(), reason);
        log.warn("Message {} not stored: {} (partner {})", in.journalId(), refused.reason(), in.partner().id());
        return finish(in, JournalStatus.ERROR, "AE", ack, reason);
    }

    private String finish(InboundMessage in, JournalStatus status, String ackCode, String ack, String reason) {
        if (in.journalId() != null) {
            try {
                journal.markFailed(in.journalId(), status, ackCode, ack, reason);
            } catch (RuntimeException e) {
                // The negative ACK still goes out; the row stays RECEIVED and shows the message was never processed.
                log.error("Journal entry {} could not be updated: {}", in.journalId(), e.getClass().getSimpleName());
            }
        }
        audit.answered(in, ackCode);
        return ack;
    }

    private static <T extends Throwable> T causeOf(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
