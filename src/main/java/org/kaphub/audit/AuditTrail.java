package org.kaphub.audit;

import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.kaphub.vocabulary.CodeSystems;
import org.kaphub.vocabulary.KapCanonicals;
import org.springframework.stereotype.Service;

import java.util.Collection;
import java.util.Map;

/**
 * Records what the FHIR interceptors cannot see: tokens issued or refused, denials, Part 2 filtering and every
 * HL7 v2 message in and out. FHIR reads, searches and writes are recorded by HAPI's BALP interceptor into the
 * same sink. Callers pass ids and codes only; nothing here takes message content, names or tokens.
 */
@Service
public class AuditTrail {

    public enum Direction { IN, OUT }

    private final AuditEventStore store;
    private final UnauthenticatedRequests unauthenticated;

    AuditTrail(AuditEventStore store, UnauthenticatedRequests unauthenticated) {
        this.store = store;
        this.unauthenticated = unauthenticated;
    }

    public void tokenIssued(String clientId, Collection<String> scopes, String address) {
        AuditEvent event = AuditEvents.base(AuditEvents.dcm("110114", "User Authentication"),
                AuditEvents.dcm("110122", "Login"), AuditEvent.AuditEventAction.E, true);
        event.setOutcomeDesc("access token issued; scopes: " + String.join(" ", scopes));
        AuditEvents.addRequestor(event, clientId, address);
        store.record(event);
    }

    public void tokenRefused(String clientId, String error, String address) {
        AuditEvent event = AuditEvents.base(AuditEvents.dcm("110114", "User Authentication"),
                AuditEvents.dcm("110122", "Login"), AuditEvent.AuditEventAction.E, false);
        event.setOutcomeDesc("token request refused: " + error);
        AuditEvents.addRequestor(event, clientId, address);
        store.record(event);
    }

    /**
     * A request refused before anyone was authenticated: counted per source address and minute, not written one by
     * one (see {@link UnauthenticatedRequests}).
     */
    public void unauthenticated(UnauthenticatedRequests.Reason reason, String address) {
        unauthenticated.record(address, reason);
    }

    /**
     * A request of an authenticated client refused with 403 (or, from HAPI, 401). {@code path} is the request path
     * without its query string.
     */
    public void accessDenied(int status, String clientId, String method, String path, String reason, String address) {
        AuditEvent event = AuditEvents.base(AuditEvents.dcm("110113", "Security Alert"),
                AuditEvents.kap(status == 401 ? "unauthenticated" : "forbidden", status == 401 ? "Unauthenticated" : "Forbidden"),
                action(method), false);
        event.setOutcomeDesc("HTTP " + status + (reason == null ? "" : ": " + reason));
        AuditEvents.addRequestor(event, clientId, address);
        event.addEntity().setName(method + " " + path)
                .setType(new Coding(CodeSystems.AUDIT_ENTITY_TYPE, "2", "System Object"));
        store.record(event);
    }

    /** A 42 CFR Part 2 labelled resource withheld from a client whose grant does not cover it. */
    public void part2Filtered(String clientId, String resourceReference, String address) {
        AuditEvent event = AuditEvents.base(AuditEvents.dcm("110113", "Security Alert"),
                AuditEvents.kap("part2-filtered", "42 CFR Part 2 data withheld"), AuditEvent.AuditEventAction.R, true);
        event.setOutcomeDesc("resource withheld: grant does not cover 42 CFR Part 2 data");
        AuditEvents.addRequestor(event, clientId, address);
        AuditEvent.AuditEventEntityComponent entity = event.addEntity().setWhat(new Reference(resourceReference));
        entity.addSecurityLabel(new Coding(CodeSystems.V3_ACT_CODE, "ETH", "substance abuse information sensitivity"));
        store.record(event);
    }

    /**
     * One HL7 v2 message received or sent: who ({@code partner:<id>}, or {@code unattributed}), the control id, the ACK code and
     * the resources it became. Reusable for outbound messages.
     */
    public void hl7Message(Direction direction, String partner, String address, String messageType, String controlId,
                           String ackCode, Collection<String> resourceReferences) {
        store.record(hl7Event(direction, partner, address, messageType, controlId, ackCode, resourceReferences));
    }

    /**
     * As {@link #hl7Message}, stored in the caller's transaction — the one writing the message's resources — so the
     * record of an accepted message commits with them, and with no commit of its own.
     */
    public void hl7MessageStored(String partner, String address, String messageType, String controlId,
                                 Collection<String> resourceReferences) {
        store.recordWithin(hl7Event(Direction.IN, partner, address, messageType, controlId, "AA", resourceReferences));
    }

    /** AuditEvent subtype of a FHIR push to a partner. */
    public static final String FHIR_PUSH = "fhir-push";
    /** AuditEvent subtype of an HL7 v2 message sent to a partner over MLLP. */
    public static final String HL7V2_PUSH = "hl7v2-push";

    /**
     * One message sent to a receiving partner (a disclosure): {@code type} {@link #FHIR_PUSH} or {@link #HL7V2_PUSH}, to
     * whom ({@code address}: host and port), which version of what ({@code Type/id/_history/n}), for HL7 v2 the message
     * (MSH-9, MSH-10) as an entity of its own, and whether the partner took it ({@code outcome}: e.g.
     * "HTTP 200", "ACK AA", "no ACK: …").
     */
    public void sentToPartner(String type, String partnerId, String address, String messageType, String controlId,
                              Collection<String> versionedReferences, boolean success, String outcome) {
        AuditEvent event = AuditEvents.base(AuditEvents.dcm("110106", "Export"), HL7V2_PUSH.equals(type)
                        ? AuditEvents.kap(HL7V2_PUSH, "HL7 v2 message sent to a partner")
                        : AuditEvents.kap(FHIR_PUSH, "Resources pushed to a partner"),
                AuditEvent.AuditEventAction.R, success);
        event.setOutcomeDesc(outcome);
        AuditEvents.addDestination(event, partnerId, address);
        if (HL7V2_PUSH.equals(type) && controlId != null) { // a push names only its resources, as before
            AuditEvent.AuditEventEntityComponent message = event.addEntity();
            message.setType(new Coding(CodeSystems.AUDIT_ENTITY_TYPE, "2", "System Object"));
            message.setName(messageType == null ? "unknown" : messageType);
            message.setWhat(new Reference().setIdentifier(new Identifier().setSystem(KapCanonicals.HL7V2_CONTROL_ID_SID)
                    .setValue(controlId)));
        }
        versionedReferences.forEach(reference -> AuditEvents.addVersionedEntity(event, reference));
        store.record(event);
    }

    /**
     * A delivery not made and not to be retried: the partner may no longer have the resource ({@code reason}: e.g. the
     * 42 CFR Part 2 consent naming it was revoked).
     */
    public void deliveryBlocked(String partnerId, String versionedReference, String reason) {
        AuditEvent event = AuditEvents.base(AuditEvents.dcm("110106", "Export"),
                AuditEvents.kap("delivery-blocked", "Delivery to a partner blocked"), AuditEvent.AuditEventAction.R, false);
        event.setOutcomeDesc(reason);
        AuditEvents.addDestination(event, partnerId, null);
        AuditEvents.addVersionedEntity(event, versionedReference);
        store.record(event);
    }

    /**
     * A call of the delivery control API (README "Replay and control"): which client ({@code clientId}, from
     * {@code address}) did what ({@code action}, e.g. "replay status=DEAD", "pause"; {@code write}: it changed the
     * outbox or a partner's state), for which partner ({@code partnerId}, null when the row named none), and to how many
     * outbox rows ({@code count}: touched or shown). {@code rows}: each outbox row a replay requeued, by id, with the
     * resource version it was written for ({@code Type/id/_history/n}).
     */
    public void deliveryControl(String clientId, String address, String action, boolean write, String partnerId, int count,
                                Map<Long, String> rows) {
        AuditEvent event = AuditEvents.base(AuditEvents.dcm("110100", "Application Activity"),
                AuditEvents.kap("delivery-control", "Delivery replay and control"),
                write ? AuditEvent.AuditEventAction.U : AuditEvent.AuditEventAction.R, true);
        event.setOutcomeDesc(action + ": " + count + (count == 1 ? " row" : " rows"));
        AuditEvents.addRequestor(event, clientId, address);
        if (partnerId != null) {
            AuditEvents.addDestination(event, partnerId, null);
        }
        rows.forEach((row, versionedReference) -> AuditEvents.addVersionedEntity(event, versionedReference)
                .addDetail().setType("outbox-row").setValue(new StringType(String.valueOf(row))));
        store.record(event);
    }

    private static AuditEvent hl7Event(Direction direction, String partner, String address, String messageType,
                                       String controlId, String ackCode, Collection<String> resourceReferences) {
        boolean in = direction == Direction.IN;
        AuditEvent event = AuditEvents.base(in ? AuditEvents.dcm("110107", "Import") : AuditEvents.dcm("110106", "Export"),
                AuditEvents.kap("hl7v2-" + (in ? "in" : "out"), "HL7 v2 message " + (in ? "received" : "sent")),
                in ? AuditEvent.AuditEventAction.C : AuditEvent.AuditEventAction.R, "AA".equals(ackCode) || "CA".equals(ackCode));
        event.setOutcomeDesc("ACK " + (ackCode == null ? "none" : ackCode));
        AuditEvents.addRequestor(event, partner, address);
        AuditEvent.AuditEventEntityComponent message = event.addEntity();
        message.setType(new Coding(CodeSystems.AUDIT_ENTITY_TYPE, "2", "System Object"));
        message.setName(messageType == null ? "unknown" : messageType);
        message.setWhat(new Reference().setIdentifier(new Identifier().setSystem(KapCanonicals.HL7V2_CONTROL_ID_SID).setValue(controlId)));
        for (String reference : resourceReferences) {
            event.addEntity().setWhat(new Reference(reference));
        }
        return event;
    }

    /**
     * One record pulled from a partner's FHIR endpoint (delivery/pull), stored in the caller's transaction — the one
     * that stores the record and moves the pull's high-water mark — so neither commits without the other. Stored:
     * {@code resourceReferences} are what it became; refused: {@code outcome} says why (no field values), and the
     * record at {@code sourceUrl} is not read again until the partner changes it.
     */
    public void fhirPulled(String partner, String sourceUrl, boolean stored, String outcome, Collection<String> resourceReferences) {
        AuditEvent event = AuditEvents.base(AuditEvents.dcm("110107", "Import"),
                AuditEvents.kap("fhir-pull", "FHIR record pulled from a partner"), AuditEvent.AuditEventAction.C, stored);
        event.setOutcomeDesc(outcome);
        AuditEvents.addRequestor(event, partner, null);
        event.addEntity().setType(new Coding(CodeSystems.AUDIT_ENTITY_TYPE, "2", "System Object"))
                .setName("pulled from the partner")
                .setWhat(new Reference().setIdentifier(new Identifier().setSystem(CodeSystems.URI).setValue(sourceUrl)));
        for (String reference : resourceReferences) {
            event.addEntity().setWhat(new Reference(reference));
        }
        store.recordWithin(event);
    }

    private static AuditEvent.AuditEventAction action(String method) {
        return switch (method == null ? "" : method) {
            case "POST" -> AuditEvent.AuditEventAction.C;
            case "PUT", "PATCH" -> AuditEvent.AuditEventAction.U;
            case "DELETE" -> AuditEvent.AuditEventAction.D;
            default -> AuditEvent.AuditEventAction.R;
        };
    }
}
