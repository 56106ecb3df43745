package org.kaphub.hl7v2.inbound;

import org.kaphub.audit.AuditTrail;
import org.kaphub.partners.Partner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The audit record of each inbound message. It names {@code partner:<id>}, the partner the message is attributed
 * to — also for a message refused before the attribution step (unreadable, too large) when its certificate or
 * sender names one — and {@code unattributed} otherwise; never the facility a message claims.
 */
@Component
class InboundAudit {

    private static final Logger log = LoggerFactory.getLogger(InboundAudit.class);

    private final AuditTrail audit;
    private final Hl7v2Senders senders;

    InboundAudit(AuditTrail audit, Hl7v2Senders senders) {
        this.audit = audit;
        this.senders = senders;
    }

    /** An accepted message, in the transaction that stores it: no AA without its record. */
    void stored(InboundMessage message, List<String> resources) {
        audit.hl7MessageStored(partnerOf(message), remoteAddress(message), message.header().messageType(),
                message.header().controlId(), resources);
    }

    /**
     * A message not stored (refused, failed, or a resend), after its outcome is final. An audit failure is logged and
     * does not change the ACK: the message's own outcome is already committed.
     */
    void answered(InboundMessage message, String ackCode) {
        try {
            audit.hl7Message(AuditTrail.Direction.IN, partnerOf(message), remoteAddress(message),
                    message.header().messageType(), message.header().controlId(), ackCode, List.of());
        } catch (RuntimeException e) {
            log.error("Message {} could not be audited: {}", message.journalId(), e.getClass().getSimpleName());
        }
    }

    private String partnerOf(InboundMessage message) {
        Partner partner = message.partner();
        if (partner == null) {
            try {
                partner = senders.attribute(message.connection().certificateSubject(), message.header().sendingApplication(),
                        message.header().sendingFacility()) instanceof Hl7v2Senders.Attributed attributed ? attributed.partner() : null;
            } catch (RuntimeException e) {
                partner = null;
            }
        }
        return partner == null ? "unattributed" : "partner:" + partner.id();
    }

    private static String remoteAddress(InboundMessage message) {
        return message.connection().remoteAddress();
    }
}
