package org.kaphub.delivery.channel;

import org.hl7.fhir.r4.model.Resource;
import org.kaphub.partners.Partner;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What one attempt is to send to a partner, the entitlement checked.
 *
 * @param partner      the receiver as the registry has it now
 * @param rowIds       the outbox rows sent, in ID order (their ids make stable message ids: a retry is the same message)
 * @param orderKey     the rows' ORDER_KEY: {@code Patient/<id>} of their patient, else the record's own {@code Type/id}
 * @param written      when the oldest of the rows was committed (a stable message time: a retry is the same message)
 * @param items        each row's resource as the partner is to have it, in the same order
 * @param patientAlong the patient of the rows, when the partner receives Patients, has not had this one and may:
 *                     it goes along (first), so the records' references resolve at the partner
 * @param patientKnown whether the partner has had the rows' patient delivered before
 * @param targets      a resource a reference points at, in its current version; empty when gone
 * @param lastReceived for a record of the rows ({@code Type/id}), the version of it the partner last had delivered
 *                     (an earlier delivered row's version); empty when it has had none (an SIU^S13 needs the start it
 *                     had, an S12 is only for an appointment it has not had)
 */
public record Shipment(Partner partner, List<Long> rowIds, String orderKey, Instant written, List<Outgoing> items,
                       Optional<Outgoing> patientAlong, boolean patientKnown,
                       Function<String, Optional<Resource>> targets,
                       Function<String, Optional<Resource>> lastReceived) {

    public Shipment {
        rowIds = List.copyOf(rowIds);
        items = List.copyOf(items);
    }

    /** {@code Patient/<id>} of the rows, or null for records of no patient. */
    public String patient() {
        return orderKey.startsWith("Patient/") ? orderKey : null;
    }
}
