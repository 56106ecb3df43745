package org.kaphub.support;

import org.hl7.fhir.r4.model.AuditEvent;
import org.kaphub.audit.AuditLog;
import org.kaphub.audit.AuditSearch;

import java.util.List;

/** The AuditEvents recorded for HL7 v2 messages received with one control id (MSH-10), read past the REST layer. */
public final class Hl7Audits {

    private Hl7Audits() {
    }

    public static List<AuditEvent> of(AuditLog auditLog, String controlId) {
        return auditLog.search(AuditSearch.all().with(AuditSearch.Param.SUBTYPE, "hl7v2-in")).stream()
                .filter(e -> e.getEntity().stream().anyMatch(en -> controlId.equals(en.getWhat().getIdentifier().getValue())))
                .toList();
    }
}
