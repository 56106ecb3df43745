package org.kaphub.hl7v2.inbound;

import ca.uhn.hl7v2.model.Message;
import org.hl7.fhir.r4.model.Bundle;
import org.kaphub.partners.Partner;

import java.util.Map;

/**
 * One HL7 v2 message on its way through the inbound route (camel-routes/hl7v2-inbound.camel.yaml): the route's body
 * from the journal step on. Each step returns a copy with what it found; a field is null until its step has run.
 *
 * @param journalId     the message's journal entry; null only when journaling itself failed
 * @param connection    where it came from
 * @param header        MSH fields read before parsing (any may be null on unreadable input)
 * @param raw           the bytes as kept in the journal (at most kap.mllp.max-message-bytes)
 * @param receivedBytes the size of the frame as received
 * @param parsed        the parsed message (parse step)
 * @param sender        MSH-3|MSH-4 with all components, as the idempotency key names the sender (parse step)
 * @param controlId     MSH-10 (parse step)
 * @param contentHash   what a resend is compared with ({@link org.kaphub.journal.MessageKeys#contentHash}) (parse step)
 * @param partner       the registered partner that sent it (attribute step)
 * @param resendOf      the journal entry of the accepted message this one resends (resend check), else null
 * @param transaction   the FHIR transaction it maps to, with its Provenance (map step)
 * @param learnedNamespaces assigning-authority namespace id → system the message showed for the first time (map
 *                      step), stored with its writes (README "How patient identity is resolved")
 */
public record InboundMessage(Long journalId,
                             Connection connection,
                             Header header,
                             byte[] raw,
                             int receivedBytes,
                             Message parsed,
                             String sender,
                             String controlId,
                             String contentHash,
                             Partner partner,
                             Long resendOf,
                             Bundle transaction,
                             Map<String, String> learnedNamespaces) {

    /** The MLLP connection: listener route, remote address, TLS client certificate subject (null without one). */
    public record Connection(String listener, String remoteAddress, String certificateSubject) {
    }

    /** MSH-3.1, MSH-4.1, MSH-10, MSH-9 (code^event) and MSH-12.1, read from the raw text before parsing. */
    public record Header(String sendingApplication, String sendingFacility, String controlId, String messageType,
                         String version) {

        static final Header UNREAD = new Header(null, null, null, null, null);
    }

    /** As received, before journaling. */
    static InboundMessage received(Connection connection, Header header, byte[] raw, int receivedBytes) {
        return new InboundMessage(null, connection, header, raw, receivedBytes, null, null, null, null, null, null, null,
                Map.of());
    }

    /** The body an error branch gets: the message, or the raw frame when journaling itself failed. */
    static InboundMessage of(Object body) {
        if (body instanceof InboundMessage message) {
            return message;
        }
        byte[] raw = body instanceof byte[] bytes ? bytes : new byte[0];
        return received(new Connection(null, null, null), RawText.header(RawText.decode(raw)), raw, raw.length);
    }

    InboundMessage journaled(long id) {
        return new InboundMessage(id, connection, header, raw, receivedBytes, parsed, sender, controlId, contentHash,
                partner, resendOf, transaction, learnedNamespaces);
    }

    InboundMessage parsed(Message message, String sender, String controlId, String contentHash) {
        return new InboundMessage(journalId, connection, header, raw, receivedBytes, message, sender, controlId,
                contentHash, partner, resendOf, transaction, learnedNamespaces);
    }

    InboundMessage attributedTo(Partner partner) {
        return new InboundMessage(journalId, connection, header, raw, receivedBytes, parsed, sender, controlId,
                contentHash, partner, resendOf, transaction, learnedNamespaces);
    }

    InboundMessage resending(long originalJournalId) {
        return new InboundMessage(journalId, connection, header, raw, receivedBytes, parsed, sender, controlId,
                contentHash, partner, originalJournalId, transaction, learnedNamespaces);
    }

    InboundMessage mappedTo(Bundle fhirTransaction, Map<String, String> namespaces) {
        return new InboundMessage(journalId, connection, header, raw, receivedBytes, parsed, sender, controlId,
                contentHash, partner, resendOf, fhirTransaction, Map.copyOf(namespaces));
    }

    /** Whether it resends an accepted message (the route's resend branch). */
    public boolean resend() {
        return resendOf != null;
    }

    /**
     * The sender half of the idempotency key: the partner and MSH-3/MSH-4, so that one partner's control ids never
     * collide with another's (a partner cannot make another's messages look like resends).
     */
    String keySender() {
        return partner.id() + "|" + sender;
    }

    /** The text, decoded as MSH-18 says (UTF-8 when it names nothing). */
    String text() {
        return RawText.decode(raw);
    }
}
