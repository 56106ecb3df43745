package org.kaphub.audit;

import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
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

    static Coding dcm(String code, String display) {
        return new Coding(CodeSystems.DICOM_DCM, code, display);
    }

    static Coding kap(String code, String display) {
        return new Coding(KapCanonicals.AUDIT_EVENT_TYPE, code, display);
    }
}
