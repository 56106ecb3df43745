package org.kaphub.delivery.push;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.kaphub.audit.AuditTrail;
import org.kaphub.delivery.channel.Attempt;
import org.kaphub.delivery.channel.Channel;
import org.kaphub.delivery.channel.Outgoing;
import org.kaphub.delivery.channel.Shipment;
import org.kaphub.partners.Partner;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * FHIR push (README "Sending: the dispatcher and FHIR push"): the shipment as one transaction Bundle of conditional
 * updates / deletes — the patient first when it goes along — POSTed to the partner's FHIR base. 2xx: delivered; no
 * response, 401 (a new token is fetched), 408, 429, 5xx: tried again; any other 4xx: refused, its OperationOutcome kept.
 */
@Component
class FhirChannel implements Channel {

    static final String CHANNEL = "delivery-push";

    private final FhirContext fhir;
    private final FhirPush push;

    FhirChannel(FhirContext fhir, FhirPush push) {
        this.fhir = fhir;
        this.push = push;
    }

    @Override
    public Partner.Protocol protocol() {
        return Partner.Protocol.FHIR_REST;
    }

    @Override
    public Attempt send(Shipment shipment) {
        Partner partner = shipment.partner();
        List<Outgoing> items = new ArrayList<>(shipment.items());
        shipment.patientAlong().ifPresent(patient -> items.add(0, patient));
        Bundle bundle = OutboundBundle.transaction(fhir, items, partner.receives(), shipment.targets()::apply);
        String messageId = "urn:uuid:" + UUID.randomUUID();
        bundle.setIdentifier(new Identifier().setSystem("urn:ietf:rfc:3986").setValue(messageId));
        String json = push.encode(bundle);
        PushResponse response = push.send(partner, json);
        Attempt.Outcome outcome = response.delivered() ? Attempt.Outcome.DELIVERED
                : response.retryable() ? Attempt.Outcome.RETRY : Attempt.Outcome.REFUSED;
        String outcomeText = response.delivered() ? "HTTP " + response.status() : response.error();
        Integer status = response.status() == 0 ? null : response.status();
        Attempt.Transmission sent = new Attempt.Transmission(CHANNEL, AuditTrail.FHIR_PUSH, messageId, "FHIR transaction",
                "R4", json.getBytes(StandardCharsets.UTF_8), response.body(), outcome, outcomeText,
                items.stream().map(Outgoing::versionedReference).toList());
        // a delivered push keeps no response: the transaction-response Bundle names the partner's ids, nothing to act on
        return new Attempt(outcome, status, response.delivered() ? null : response.error(),
                response.delivered() ? null : response.body(), response.retryAfter(), List.of(sent));
    }
}
