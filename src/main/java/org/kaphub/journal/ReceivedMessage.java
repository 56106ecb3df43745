package org.kaphub.journal;

/**
 * A message as it arrived, with the MSH fields read before parsing (any may be null when the
 * message is unreadable). The raw bytes are kept exactly as received.
 */
public record ReceivedMessage(String channel, String remoteAddress, String sendingApplication,
                              String sendingFacility, String controlId, String messageType,
                              String version, byte[] raw) {
}
