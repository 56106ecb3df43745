package org.kaphub.audit;

import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kaphub.audit.AuditSearch.Param.ACTION;
import static org.kaphub.audit.AuditSearch.Param.AGENT;
import static org.kaphub.audit.AuditSearch.Param.ENTITY;
import static org.kaphub.audit.AuditSearch.Param.OUTCOME;
import static org.kaphub.audit.AuditSearch.Param.PATIENT;
import static org.kaphub.audit.AuditSearch.Param.SUBTYPE;
import static org.kaphub.audit.AuditSearch.Param.TYPE;

/** Which values an AuditEvent is found by in the log (AuditLog.indexOf), without a database. */
class AuditLogTest {

    @Test
    void anEventIsIndexedByItsCodesReferencesAndIdentifiers() {
        AuditEvent event = new AuditEvent();
        event.setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", null));
        event.addSubtype(new Coding("http://hl7.org/fhir/restful-interaction", "create", null));
        event.addSubtype(new Coding(null, "bare", null)); // no system: found by its code only
        event.setAction(AuditEvent.AuditEventAction.C);
        event.setOutcome(AuditEvent.AuditEventOutcome._0);
        event.addEntity().setWhat(new Reference("Patient/7/_history/2"));
        event.addEntity().setWhat(new Reference("Observation/9"));
        event.addEntity().setWhat(new Reference().setIdentifier(new Identifier().setSystem("urn:msh10").setValue("MSG1")));
        event.addAgent().setWho(new Reference().setIdentifier(new Identifier().setSystem("urn:client").setValue("kap-dev")));

        assertThat(AuditLog.indexOf(event)).isEqualTo(Map.of(
                TYPE, Set.of("rest", "http://terminology.hl7.org/CodeSystem/audit-event-type|rest"),
                SUBTYPE, Set.of("create", "http://hl7.org/fhir/restful-interaction|create", "bare"),
                ACTION, Set.of("C"),
                OUTCOME, Set.of("0"),
                ENTITY, Set.of("Patient/7", "Patient/7/_history/2", "Observation/9", "MSG1", "urn:msh10|MSG1"),
                PATIENT, Set.of("Patient/7"),
                AGENT, Set.of("kap-dev", "urn:client|kap-dev")));
    }

    @Test
    void aValueTooLongForTheIndexIsKeptInTheEventOnly() {
        AuditEvent event = new AuditEvent();
        event.addEntity().setWhat(new Reference().setIdentifier(new Identifier().setValue("x".repeat(256))));
        event.addEntity().setWhat(new Reference().setIdentifier(new Identifier().setValue("y".repeat(255))));

        assertThat(AuditLog.indexOf(event)).isEqualTo(Map.of(ENTITY, Set.of("y".repeat(255))));
    }

    @Test
    void anEmptyEventIsIndexedByNothing() {
        assertThat(AuditLog.indexOf(new AuditEvent())).isEmpty();
    }
}
