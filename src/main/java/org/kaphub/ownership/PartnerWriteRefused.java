package org.kaphub.ownership;

import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;

/**
 * A write outside the patients the acting partner may write; the whole transaction is rolled back. The message names
 * the rule only — never an id, name or identifier — since it reaches the sender (an HL7 v2 ERR, a REST body).
 */
public class PartnerWriteRefused extends ForbiddenOperationException {

    /** What the write would have done. */
    public enum Reason {
        /** Update, patch or delete of a Patient that is not one of the partner's organisations'. */
        PATIENT_NOT_WRITABLE("the patient is not one of this partner's organisations'"),
        /** A Patient naming a managing organisation that is not one of the partner's. */
        ORGANISATION_NOT_PARTNERS("the patient's managing organisation is not one of this partner's organisations"),
        /** A record that refers to (or, before this write, referred to) a patient the partner may not write. */
        RECORD_OF_OTHER_PATIENT("the record refers to a patient that is not one of this partner's organisations'");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    private final Reason reason;

    PartnerWriteRefused(Reason reason) {
        super("Write refused: " + reason.text());
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
