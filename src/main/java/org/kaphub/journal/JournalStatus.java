package org.kaphub.journal;

/** Where a journalled message stands; every message reaches one of the last three. */
public enum JournalStatus {
    /** Stored raw, not yet processed: after a crash, these are the messages to look at. */
    RECEIVED,
    /** Processed and committed; answered AA. */
    ACCEPTED,
    /** Understood but not processed (content or storage error); answered AE. */
    ERROR,
    /** Not understood (unparseable or unsupported); answered AR. */
    REJECTED
}
