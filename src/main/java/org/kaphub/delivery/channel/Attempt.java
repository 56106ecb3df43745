package org.kaphub.delivery.channel;

import java.time.Duration;
import java.util.List;

/**
 * What came of one attempt: the outcome for its rows, what to keep with them, and every message that went out (each
 * journaled and audited by the flow).
 *
 * @param outcome    delivered, to be tried again, or refused (dead letter at once)
 * @param status     the HTTP status of a FHIR push (null: none, or not HTTP)
 * @param error      what failed, in words without PHI (LAST_ERROR); null when delivered
 * @param response   what the partner answered, kept with the rows (LAST_RESPONSE: an OperationOutcome, an ACK's MSA
 *                   and ERR)
 * @param retryAfter a wait the partner asked for (HTTP Retry-After); null: the backoff's
 * @param sent       the messages sent, in order; empty when nothing went out (e.g. the record cannot be said)
 */
public record Attempt(Outcome outcome, Integer status, String error, String response, Duration retryAfter,
                      List<Transmission> sent) {

    public enum Outcome { DELIVERED, RETRY, REFUSED }

    public Attempt {
        sent = List.copyOf(sent);
    }

    /** Refused before anything went out (the record cannot be said in the partner's protocol). */
    public static Attempt notSendable(String reason) {
        return new Attempt(Outcome.REFUSED, null, reason, null, null, List.of());
    }

    /**
     * One message sent: how the journal (direction OUT) and the audit trail keep it.
     *
     * @param channel     the journal's CHANNEL (e.g. delivery-push, delivery-mllp)
     * @param auditType   the AuditEvent subtype (fhir-push, hl7v2-push)
     * @param controlId   the message's own id (a Bundle identifier, MSH-10)
     * @param messageType e.g. "FHIR transaction", "ADT^A04"
     * @param version     e.g. "R4", "2.5.1"
     * @param raw         the bytes as they went over the wire
     * @param reply       what came back (a response body, an ACK); null: nothing
     * @param outcome     this message's outcome
     * @param outcomeText e.g. "HTTP 200", "ACK AE", "no ACK: MllpAcknowledgementTimeoutException" (no PHI)
     * @param versions    the versioned ids of the resources it carried
     */
    public record Transmission(String channel, String auditType, String controlId, String messageType, String version,
                               byte[] raw, String reply, Outcome outcome, String outcomeText, List<String> versions) {
        public Transmission {
            versions = List.copyOf(versions);
        }
    }
}
