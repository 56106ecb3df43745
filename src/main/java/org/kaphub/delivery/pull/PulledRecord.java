package org.kaphub.delivery.pull;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;

import java.time.Instant;

/**
 * One record read from a partner, ready to store.
 *
 * @param type        its resource type
 * @param sourceUrl   its version at the partner ({@code <endpoint>/<type>/<id>/_history/<version>}); stored as
 *                    {@code meta.source} of KAP Hub's copy, which tells a re-read of the same version
 * @param lastUpdated its {@code meta.lastUpdated} at the partner (null when it has none: the mark does not move)
 * @param key         the business identifier KAP Hub's copy is found by
 * @param transaction the record, the Patients it refers to and its Provenance; null when {@code refusal} is set
 * @param refusal     why it cannot be stored (no field values), else null
 */
record PulledRecord(String type, String sourceUrl, Instant lastUpdated, Identifier key, Bundle transaction, String refusal) {

    static PulledRecord refused(String type, String sourceUrl, Instant lastUpdated, String why) {
        return new PulledRecord(type, sourceUrl, lastUpdated, null, null, why);
    }
}
