package org.kaphub.audit;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.kaphub.support.KapIntegrationTest;
import org.kaphub.vocabulary.KapCanonicals;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upgrade from the version that stored AuditEvents as HAPI resources: HapiAuditImport copies each of them into
 * the log once, with its {@code recorded}, and leaves HAPI's copies alone. The events are created through HAPI's DAO
 * as the previous version did, past the REST layer that now refuses AuditEvent writes.
 */
@KapIntegrationTest
class HapiAuditImportH2IT {

    @Autowired
    HapiAuditImport hapiAuditImport;
    @Autowired
    AuditLog auditLog;
    @Autowired
    DaoRegistry daos;
    @Autowired
    JdbcClient jdbc;

    @Test
    void everyAuditEventHapiHoldsIsCopiedOnceWithItsRecordedTimeAndStaysInHapi() {
        String subtype = "upgrade-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Instant> recordedByHapiId = new java.util.HashMap<>();
        List<String> hapiIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Instant recorded = Instant.parse("2024-05-0" + (i + 1) + "T10:15:30.123Z");
            AuditEvent event = new AuditEvent();
            event.setType(new Coding("http://dicom.nema.org/resources/ontology/DCM", "110110", "Patient Record"));
            event.addSubtype(new Coding(KapCanonicals.AUDIT_EVENT_TYPE, subtype, null));
            event.setAction(AuditEvent.AuditEventAction.R);
            event.setOutcome(AuditEvent.AuditEventOutcome._0);
            event.setRecorded(Date.from(recorded));
            event.addAgent().setRequestor(true).setWho(new Reference().setDisplay("previous version"));
            event.getSource().setObserver(new Reference().setDisplay("KAP Hub"));
            event.addEntity().setWhat(new Reference().setIdentifier(new Identifier().setSystem("urn:upgrade").setValue(subtype + "-" + i)));
            String id = daos.getResourceDao(AuditEvent.class).create(event, new SystemRequestDetails()).getId().getIdPart();
            hapiIds.add(id);
            recordedByHapiId.put(id, recorded);
        }
        AuditSearch copies = AuditSearch.all().with(AuditSearch.Param.SUBTYPE, KapCanonicals.AUDIT_EVENT_TYPE + "|" + subtype);
        assertThat(auditLog.search(copies)).isEmpty();

        assertThat(hapiAuditImport.copyAll()).isEqualTo(3);
        List<AuditEvent> copied = auditLog.search(copies);
        assertThat(copied).hasSize(3);
        Map<String, Long> logIdByHapiId = jdbc.sql("SELECT HAPI_ID, AUDIT_ID FROM KAP_AUDIT_IMPORT WHERE HAPI_ID IN (:ids)")
                .param("ids", hapiIds).query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(logIdByHapiId).containsOnlyKeys(hapiIds);
        for (String hapiId : hapiIds) {
            AuditEvent copy = auditLog.read(Long.toString(logIdByHapiId.get(hapiId))).orElseThrow();
            assertThat(copy.getRecorded().toInstant()).isEqualTo(recordedByHapiId.get(hapiId));
            assertThat(copy.getEntityFirstRep().getWhat().getIdentifier().getValue()).isEqualTo(subtype + "-" + hapiIds.indexOf(hapiId));
            assertThat(copy.getMeta().hasVersionId()).isFalse(); // HAPI's version of it, not the event's
        }
        assertThat(auditLog.search(copies.recorded(Instant.parse("2024-05-02T00:00:00Z"), Instant.parse("2024-05-03T00:00:00Z"))))
                .as("found by its own recorded time, not the copy's").hasSize(1);

        assertThat(hapiAuditImport.copyAll()).isZero(); // a restart, or another node
        assertThat(auditLog.search(copies)).hasSize(3);
        hapiIds.forEach(id -> assertThat(daos.getResourceDao(AuditEvent.class)
                .read(new IdType("AuditEvent", id), new SystemRequestDetails())).isNotNull());
    }
}
