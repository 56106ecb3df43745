package org.kaphub.hl7v2.inbound;

import org.apache.camel.Body;
import org.apache.camel.Header;
import org.apache.camel.component.mllp.MllpConstants;
import org.apache.camel.language.simple.Simple;
import org.kaphub.hl7v2.mllp.MllpProperties;
import org.kaphub.journal.MessageJournal;
import org.kaphub.journal.ReceivedMessage;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.util.Arrays;

/**
 * First step of the inbound route: the raw bytes are committed to the journal before anything else is tried, so
 * nothing that reached KAP Hub is lost. A message over kap.mllp.max-message-bytes is journaled with its first
 * max-message-bytes only, and refused by {@link #checkSize}.
 */
@Component("hl7v2Journaling")
public class Journaling {

    private final MessageJournal journal;
    private final int maxMessageBytes;

    @Autowired
    Journaling(MessageJournal journal, MllpProperties mllp) {
        this(journal, mllp.maxMessageBytes());
    }

    Journaling(MessageJournal journal, int maxMessageBytes) {
        this.journal = journal;
        this.maxMessageBytes = maxMessageBytes;
    }

    public InboundMessage journal(@Body byte[] frame,
                                  @Simple("${routeId}") String listener,
                                  @Header(MllpConstants.MLLP_REMOTE_ADDRESS) String remoteAddress,
                                  @Header(MllpConstants.MLLP_SSL_CLIENT_CERT_SUBJECT_NAME) String certificateSubject) {
        byte[] raw = frame == null ? new byte[0] : frame;
        byte[] kept = raw.length > maxMessageBytes ? Arrays.copyOf(raw, maxMessageBytes) : raw;
        InboundMessage.Header header = RawText.header(RawText.decode(kept));
        InboundMessage message = InboundMessage.received(
                new InboundMessage.Connection(listener, remoteAddress, certificateSubject), header, kept, raw.length);
        long id = journal.recordReceived(new ReceivedMessage(listener, remoteAddress, header.sendingApplication(),
                header.sendingFacility(), header.controlId(), header.messageType(), header.version(), kept));
        return message.journaled(id);
    }

    /** A message over kap.mllp.max-message-bytes is refused (AR 104), its start kept in the journal. */
    public InboundMessage checkSize(@Body InboundMessage message) throws MessageTooLargeException {
        if (message.receivedBytes() > maxMessageBytes) {
            throw new MessageTooLargeException(message.receivedBytes(), maxMessageBytes);
        }
        return message;
    }
}
