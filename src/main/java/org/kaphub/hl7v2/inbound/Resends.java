package org.kaphub.hl7v2.inbound;

import ca.uhn.hl7v2.ErrorCode;
import org.apache.camel.Body;
import org.kaphub.hl7v2.mapping.ErrorLocation;
import org.kaphub.hl7v2.mapping.MappingException;
import org.kaphub.journal.JournalEntry;
import org.kaphub.journal.MessageJournal;
import org.kaphub.journal.MessageKeys;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Idempotency: a (partner, sender, MSH-10) already accepted is a resend, answered with the original ACK and written
 * nothing; the same control id with different content is an error. The key is claimed for good by {@link Storing}.
 */
@Component("hl7v2Resends")
public class Resends {

    private final MessageKeys keys;
    private final MessageJournal journal;
    private final InboundAudit audit;
    private final Answers answers;

    Resends(MessageKeys keys, MessageJournal journal, InboundAudit audit, Answers answers) {
        this.keys = keys;
        this.journal = journal;
        this.audit = audit;
        this.answers = answers;
    }

    /** The resend check: marks the message as a resend of an accepted one, or lets it through as new. */
    public InboundMessage check(@Body InboundMessage in) throws MappingException {
        Optional<MessageKeys.Claim> claim = acceptedWithSameKey(in);
        return claim.isPresent() ? in.resending(sameContent(in, claim.get()).journalId()) : in;
    }

    /** The resend branch: the original's ACK; this copy stays in the journal as DUPLICATE. */
    public String replay(@Body InboundMessage in) {
        JournalEntry original = journal.find(in.resendOf()).orElseThrow();
        journal.markDuplicate(in.journalId(), in.resendOf(), original.ackCode(), original.ackMessage());
        audit.answered(in, original.ackCode());
        return original.ackMessage();
    }

    /**
     * The copy-in-flight branch: a copy of this message (same key) committed while this one was being stored, so the
     * key refused this one ({@link MessageKeys.AlreadyClaimed}). It is answered like any later resend — or, when the
     * control id was reused for different content, with that error.
     */
    public String answerCopyInFlight(@Body InboundMessage in) {
        Optional<MessageKeys.Claim> claim = keys.find(in.keySender(), in.controlId());
        if (claim.isEmpty()) {
            return answers.fail(in, new IllegalStateException("idempotency key refused, but no claim is committed"));
        }
        try {
            return replay(in.resending(sameContent(in, claim.get()).journalId()));
        } catch (MappingException reused) {
            return answers.error(in, reused);
        }
    }

    /** Keys claimed before senders were partners name MSH-3|MSH-4 alone: a resend of such a message is still one. */
    private Optional<MessageKeys.Claim> acceptedWithSameKey(InboundMessage in) {
        return keys.find(in.keySender(), in.controlId()).or(() -> keys.find(in.sender(), in.controlId()));
    }

    private static MessageKeys.Claim sameContent(InboundMessage in, MessageKeys.Claim claim) throws MappingException {
        if (!claim.contentSha256().equals(in.contentHash())) {
            throw new MappingException(ErrorCode.DUPLICATE_KEY_IDENTIFIER, ErrorLocation.segment("MSH", 1).atField(10),
                    "MSH-10 message control id was already used by this sender for a message with different content "
                            + "(journal entry " + claim.journalId() + "); send new content with a new control id");
        }
        return claim;
    }
}
