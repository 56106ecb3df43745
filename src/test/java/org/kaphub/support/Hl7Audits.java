package org.kaphub.support;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import org.hl7.fhir.r4.model.AuditEvent;

import java.util.List;

/** The AuditEvents recorded for HL7 v2 messages received with one control id (MSH-10), read past the REST layer. */
public final class Hl7Audits {

    private Hl7Audits() {
    }

    public static List<AuditEvent> of(DaoRegistry daos, String controlId) {
        SearchParameterMap all = SearchParameterMap.newSynchronous();
        all.setLoadSynchronousUpTo(50_000);
        return daos.getResourceDao(AuditEvent.class).search(all, new SystemRequestDetails()).getAllResources().stream()
                .map(AuditEvent.class::cast)
                .filter(e -> e.getSubtype().stream().anyMatch(s -> "hl7v2-in".equals(s.getCode())))
                .filter(e -> e.getEntity().stream().anyMatch(en -> controlId.equals(en.getWhat().getIdentifier().getValue())))
                .toList();
    }
}
