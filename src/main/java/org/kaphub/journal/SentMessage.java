package org.kaphub.journal;

import java.util.List;

/**
 * One message KAP Hub sent (a FHIR push to a partner), as the journal keeps it: the raw bytes and what came back.
 *
 * @param channel     the route that sent it (e.g. delivery-push)
 * @param partnerId   the receiving partner (SENDING_FACILITY of an OUT row)
 * @param address     where it went (host:port)
 * @param controlId   the message's own id (a FHIR Bundle.identifier)
 * @param messageType e.g. "FHIR transaction"
 * @param version     e.g. "R4"
 * @param status      ACCEPTED (taken), ERROR (failed, tried again) or REJECTED (refused, dead-lettered)
 * @param response    the partner's response body, if any
 * @param errorText   what failed, never PHI (e.g. "HTTP 503", "no response: ConnectException")
 * @param resourceIds the versioned ids of the resources it carried
 */
public record SentMessage(String channel, String partnerId, String address, String controlId, String messageType,
                          String version, byte[] raw, JournalStatus status, String response, String errorText,
                          List<String> resourceIds) {
}
