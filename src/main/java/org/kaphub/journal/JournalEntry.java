package org.kaphub.journal;

import java.time.Instant;

/** One row of the message journal, without the raw bytes. */
public record JournalEntry(long id, String direction, String channel, Instant receivedAt,
                           String sendingApplication, String sendingFacility, String controlId,
                           String messageType, String version, String contentSha256,
                           JournalStatus status, String ackCode, String ackMessage,
                           String errorText, String resourceIds) {
}
