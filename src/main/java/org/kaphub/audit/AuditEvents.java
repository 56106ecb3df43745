package org.kaphub.audit;

import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.kaphub.vocabulary.CodeSystems;
import org.kaphub.vocabulary.KapCanonicals;

import java.util.Date;

/**
 * The AuditEvent shapes KAP Hub records beside HAPI's BALP ones. They name clients, addresses, message control
 * ids and resource references only — never names, identifiers, query values, message content or tokens.
 */
final class AuditEvents {

    private AuditEvents() {
    }

    static AuditEvent base(Coding type, Coding subtype, AuditEvent.AuditEventAction action, boolean success) {
        AuditEvent event = new AuditEvent();
        event.setType(type);
        if (subtype != null) {
            event.addSubtype(subtype);
        }
        event.setAction(action);
        event.setOutcome(success ? AuditEvent.AuditEventOutcome._0 : AuditEvent.AuditEventOutcome._4);
        event.setRecorded(new Date());
        event.getSource().setSite("KAP Hub").getObserver().setDisplay("KAP Hub");
        event.getSource().addType().setSystem(CodeSystems.SECURITY_SOURCE_TYPE)
                .setCode("4").setDisplay("Application Server");
        return event;
    }

    /** The client (or partner) that asked, and from where. An unknown client is recorded as such. */
    static void addRequestor(AuditEvent event, String clientId, String address) {
        AuditEvent.AuditEventAgentComponent agent = event.addAgent();
        agent.setRequestor(true);
        agent.getType().addCoding().setSystem(CodeSystems.DICOM_DCM)
                .setCode("110153").setDisplay("Source Role ID");
        agent.getWho().setIdentifier(new Identifier().setSystem(KapCanonicals.CLIENT_ID_SID)
                .setValue(clientId == null || clientId.isBlank() ? "unauthenticated" : clientId));
        if (address != null) {
            agent.getNetwork().setAddress(address).setType(AuditEvent.AuditEventAgentNetworkType._2);
        }
    }

    /** The partner something was sent to (DICOM Destination Role ID), and where. */
    static void addDestination(AuditEvent event, String partnerId, String address) {
        AuditEvent.AuditEventAgentComponent agent = event.addAgent();
        agent.setRequestor(false);
        agent.getType().addCoding().setSystem(CodeSystems.DICOM_DCM).setCode("110152").setDisplay("Destination Role ID");
        agent.getWho().setIdentifier(new Identifier().setSystem(KapCanonicals.PARTNER_SID).setValue(partnerId));
        if (address != null) {
            agent.getNetwork().setAddress(address).setType(AuditEvent.AuditEventAgentNetworkType._2);
        }
    }

    /**
     * A resource version ({@code Type/id/_history/n}) as an entity: {@code what} names the resource and a detail
     * {@code version} the version — HAPI strips versions from references when it stores a resource.
     */
    static AuditEvent.AuditEventEntityComponent addVersionedEntity(AuditEvent event, String versionedReference) {
        IdType id = new IdType(versionedReference);
        AuditEvent.AuditEventEntityComponent entity = event.addEntity()
                .setWhat(new Reference(id.toUnqualifiedVersionless().getValue()));
        if (id.hasVersionIdPart()) {
            entity.addDetail().setType("version").setValue(new StringType(id.getVersionIdPart()));
        }
        return entity;
    }

    static Coding dcm(String code, String display) {
        return new Coding(CodeSystems.DICOM_DCM, code, display);
    }

    static Coding kap(String code, String display) {
        return new Coding(KapCanonicals.AUDIT_EVENT_TYPE, code, display);
    }
}
