package org.kaphub.delivery.entitlement;

/**
 * Whether a partner receives a record, and if not, which rule says no (README "Delivery to partners — who receives
 * what"). At send time the dispatcher treats {@link #NO_PART2_CONSENT} as a blocked delivery (recorded, audited, not
 * retried), and every other refusal likewise as a delivery that no longer has a recipient.
 */
public enum Verdict {
    ENTITLED,
    /** Not in the registry, or disabled. */
    PARTNER_UNKNOWN,
    /** It receives nothing: inbound only (no protocol or no endpoint). */
    NOT_RECEIVING,
    /** Its {@code receives} does not name the record's type. */
    TYPE_NOT_RECEIVED,
    /** It receives HL7 v2 over MLLP and no builder of KAP Hub makes a message of the record. */
    NO_HL7V2_MESSAGE,
    /** The record's patient belongs to none of its organisations. */
    OTHER_ORGANISATION,
    /** The record is 42 CFR Part 2 labelled and the partner has no {@code part2: true}. */
    PART2_NOT_GRANTED,
    /** The record is 42 CFR Part 2 labelled and no active KAP Part 2 Consent of the patient names the partner. */
    NO_PART2_CONSENT;

    public boolean entitled() {
        return this == ENTITLED;
    }
}
