package org.kaphub.journal;

/** Where a journalled message stands; every message reaches one of the others. */
public enum JournalStatus {
    /** Stored raw, not yet processed: after a crash, these are the messages to look at. */
    RECEIVED,
    /** Processed and committed; answered AA. */
    ACCEPTED,
    /** Understood but not processed (content or storage error); answered AE. */
    ERROR,
    /** Not understood (unparseable or unsupported); answered AR. */
    REJECTED,
    /** A resend of a message already accepted (same sender, MSH-10 and content): answered with the original ACK, nothing written. */
    DUPLICATE
}
