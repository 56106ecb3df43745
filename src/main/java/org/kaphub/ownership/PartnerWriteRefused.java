package org.kaphub.ownership;

import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;

/**
 * A write outside what the writer may write; the whole transaction is rolled back (REST: 403). {@link #reason()}
 * names the rule only — never an id, name or identifier — since it reaches an HL7 v2 sender's ACK; the message may
 * add what the sender itself sent (REST answers).
 */
public class PartnerWriteRefused extends ForbiddenOperationException {

    /** What the write would have done. */
    public enum Reason {
        /** Update, patch or delete of a Patient that is not one of the writer's organisations' (or its context patient). */
        PATIENT_NOT_WRITABLE("the patient is not one of this partner's organisations'"),
        /** A Patient naming a managing organisation that is not one of the writer's. */
        ORGANISATION_NOT_PARTNERS("the patient's managing organisation is not one of this partner's organisations"),
        /** A record that refers to (or, before this write, referred to) a patient or record the writer may not write. */
        RECORD_OF_OTHER_PATIENT("the record refers to a patient that is not one of this partner's organisations'"),
        /** An Organization the partner registry names: it is the registry's, changed only through the registry file. */
        REGISTRY_ORGANIZATION("the Organization is one the partner registry names; it changes only with the registry file"),
        /** A shared record (Organization, Practitioner, Location, …) changed or deleted by a writer limited to some patients. */
        SHARED_RECORD("the record is shared by every clinic; a partner limited to its own patients may create such records, not change or delete them");

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
        this(reason, null);
    }

    /** @param detail what the writer itself sent (for REST answers); never data of a record it cannot see */
    PartnerWriteRefused(Reason reason, String detail) {
        super("Write refused: " + reason.text() + (detail == null ? "" : " (" + detail + ")"));
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
