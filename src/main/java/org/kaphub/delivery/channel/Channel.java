package org.kaphub.delivery.channel;

import org.kaphub.partners.Partner;

/**
 * How one protocol says a delivery to a partner — FHIR push ({@code delivery/push}), HL7 v2 over MLLP
 * ({@code delivery/mllp}) — and what came back. The flow around it (entitlement at send time, journal, audit,
 * delivered / retried / dead) is the protocol-neutral {@link DeliveryAttempts}.
 */
public interface Channel {

    /** The registry protocol it serves. */
    Partner.Protocol protocol();

    /**
     * Sends the shipment (every message it takes) and says what came back. Never throws for what the partner did
     * (refused connection, time-out, a refusal): that is the attempt's outcome.
     */
    Attempt send(Shipment shipment);
}
