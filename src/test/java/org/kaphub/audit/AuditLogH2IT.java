package org.kaphub.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.kaphub.support.DevFhirHttp;
import org.kaphub.support.KapIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kaphub.audit.AuditSearch.Param.ACTION;
import static org.kaphub.audit.AuditSearch.Param.ENTITY;
import static org.kaphub.audit.AuditSearch.Param.OUTCOME;
import static org.kaphub.audit.AuditSearch.Param.PATIENT;
import static org.kaphub.audit.AuditSearch.Param.SUBTYPE;
import static org.kaphub.audit.AuditSearch.Param.TYPE;

/**
 * The append-only audit log (KAP_AUDIT_EVENT + KAP_AUDIT_INDEX) under the running application: what FHIR requests
 * over real HTTP leave in it, when, and how it is searched, paged and read.
 */
@KapIntegrationTest
class AuditLogH2IT {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RESTFUL_INTERACTION = "http://hl7.org/fhir/restful-interaction";

    @LocalServerPort
    int port;
    @Autowired
    AuditLog auditLog;
    @Autowired
    DaoRegistry daos;

    @Test
    void aWritesEventIsFoundByEachOfItsValuesAndNotByOthers() throws Exception {
        Instant from = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String patient = create(patient());
        Instant before = Instant.now().plusMillis(1);

        AuditSearch ofPatient = AuditSearch.all().with(ENTITY, patient);
        List<AuditEvent> created = auditLog.search(ofPatient);
        assertThat(created).singleElement().satisfies(event -> {
            assertThat(event.getSubtypeFirstRep().getCode()).isEqualTo("create");
            assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
        });
        String id = created.get(0).getIdElement().getIdPart();

        for (AuditSearch matching : List.of(
                AuditSearch.all().with(ENTITY, patient + "/_history/1"),
                AuditSearch.all().with(PATIENT, patient),
                ofPatient.with(TYPE, "http://terminology.hl7.org/CodeSystem/audit-event-type|rest"),
                ofPatient.with(SUBTYPE, "create"),
                ofPatient.with(SUBTYPE, RESTFUL_INTERACTION + "|create"),
                ofPatient.with(SUBTYPE, "read", "create"), // any of a parameter's values
                ofPatient.with(ACTION, "C"),
                ofPatient.with(OUTCOME, "0"),
                ofPatient.recorded(from, before),
                AuditSearch.all().with(SUBTYPE, "create").recorded(from, before))) {
            assertThat(ids(auditLog.search(matching))).as(matching.toString()).contains(id);
            assertThat(auditLog.count(matching)).as(matching.toString()).isPositive();
        }
        for (AuditSearch other : List.of(
                AuditSearch.all().with(ENTITY, patient + "0"),
                AuditSearch.all().with(PATIENT, patient + "0"),
                ofPatient.with(TYPE, "http://terminology.hl7.org/CodeSystem/audit-event-type|rest-other"),
                ofPatient.with(SUBTYPE, "read"),
                ofPatient.with(SUBTYPE, "urn:other|create"),
                ofPatient.with(ACTION, "R"),
                ofPatient.with(OUTCOME, "4"),
                ofPatient.recorded(from.minus(1, ChronoUnit.HOURS), from),
                ofPatient.recorded(before, null))) {
            assertThat(auditLog.search(other)).as(other.toString()).isEmpty();
            assertThat(auditLog.count(other)).as(other.toString()).isZero();
        }
    }

    @Test
    void theEventsOfATransactionBundleAreAllInTheLogWhenItIsAnswered() throws Exception {
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (int i = 0; i < 3; i++) {
            transaction.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(patient())
                    .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
        }
        HttpResponse<String> response = fhir().post("", FHIR.newJsonParser().encodeResourceToString(transaction));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        List<String> locations = new ArrayList<>();
        for (JsonNode entry : JSON.readTree(response.body()).path("entry")) {
            locations.add(new IdType(entry.path("response").path("location").asText()).toUnqualifiedVersionless().getValue());
        }
        assertThat(locations).hasSize(3);
        for (String patient : locations) { // read at once: no waiting for a later flush
            // (BALP names the request's interaction as the subtype: "transaction", not "create")
            assertThat(auditLog.search(AuditSearch.all().with(ENTITY, patient).with(ACTION, "C")))
                    .as(patient).singleElement()
                    .satisfies(event -> assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0));
        }
    }

    /**
     * A transaction whose second entry fails after the first entry's event was raised: the PUT of a PHQ-9 response
     * makes the server update its score Observation ({@code Observation?derived-from=…}), which is ambiguous because
     * two Observations claim to be derived from it — 412, and the whole transaction rolls back. Both entries are
     * updates: HAPI raises a transaction's deferred pre-commit events grouped by pointcut, in no fixed order of the
     * groups, so a create before the update would not always have its event raised before the failure.
     */
    @Test
    void aWriteThatRollsBackLeavesItsEventsMarkedNotCompletedAndNoData() throws Exception {
        String subject = create(patient());
        String changed = create(patient());
        String response = "QuestionnaireResponse/audit-rollback-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> stored = fhir().put(response, phq9(subject, response, "2025-03-10T09:00:00-05:00"));
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(201);
        Observation second = new Observation();
        second.setStatus(Observation.ObservationStatus.FINAL);
        second.getCode().setText("a second score of the same response");
        second.setSubject(new Reference(subject));
        second.addDerivedFrom(new Reference(response));
        daos.getResourceDao(Observation.class).create(second, new SystemRequestDetails());

        Patient renamed = patient();
        renamed.setId(changed);
        renamed.getNameFirstRep().setFamily("Renamed");
        String json = FHIR.newJsonParser().encodeResourceToString(new Bundle().setType(Bundle.BundleType.TRANSACTION));
        json = json.substring(0, json.lastIndexOf('}')) + ",\"entry\":["
                + "{\"resource\":" + FHIR.newJsonParser().encodeResourceToString(renamed)
                + ",\"request\":{\"method\":\"PUT\",\"url\":\"" + changed + "\"}},"
                + "{\"resource\":" + phq9(subject, response, "2025-03-11T09:00:00-05:00")
                + ",\"request\":{\"method\":\"PUT\",\"url\":\"" + response + "\"}}]}";

        Instant from = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        HttpResponse<String> answer = fhir().post("", json);
        Instant before = Instant.now().plusMillis(1);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(412);

        Patient kept = (Patient) daos.getResourceDao(Patient.class).read(new IdType(changed), new SystemRequestDetails());
        assertThat(kept.getMeta().getVersionId()).isEqualTo("1");
        assertThat(kept.getNameFirstRep().getFamily()).isEqualTo("Auditlog");
        List<AuditEvent> writes = auditLog.search(AuditSearch.all().with(ACTION, "C", "U").recorded(from, before));
        assertThat(writes).as("the refused Patient update").anySatisfy(event -> assertThat(event.getEntity())
                .anySatisfy(entity -> assertThat(entity.getWhat().getReference()).startsWith(changed + "/")));
        assertThat(writes).allSatisfy(event -> {
            assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4);
            assertThat(event.getOutcomeDesc()).startsWith("not completed");
        });
    }

    @Test
    void pagesNewestFirstReturnEachEventOnce() throws Exception {
        String patient = create(patient());
        for (int i = 0; i < 5; i++) {
            assertThat(fhir().get(patient).statusCode()).isEqualTo(200);
        }
        AuditSearch reads = AuditSearch.all().with(ENTITY, patient).with(SUBTYPE, "read").sortedNewestFirst();
        assertThat(auditLog.count(reads)).isEqualTo(5);

        List<Long> paged = new ArrayList<>();
        for (int offset = 0; offset < 8; offset += 2) {
            List<AuditEvent> page = auditLog.search(reads, offset, 2);
            assertThat(page).hasSize(offset < 4 ? 2 : offset == 4 ? 1 : 0);
            page.forEach(event -> paged.add(event.getIdElement().getIdPartAsLong()));
        }
        assertThat(paged).hasSize(5).doesNotHaveDuplicates().isSortedAccordingTo((a, b) -> Long.compare(b, a));
        List<Long> newestFirst = new ArrayList<>(auditLog.search(AuditSearch.all().with(ENTITY, patient).with(SUBTYPE, "read"))
                .stream().map(event -> event.getIdElement().getIdPartAsLong()).toList());
        Collections.reverse(newestFirst); // unpaged, oldest first
        assertThat(paged).containsExactlyElementsOf(newestFirst);
    }

    @Test
    void readFindsAnEventByItsIdAndNothingForAnUnknownOrNonNumericId() throws Exception {
        String patient = create(patient());
        AuditEvent event = auditLog.search(AuditSearch.all().with(ENTITY, patient)).get(0);
        String id = event.getIdElement().getIdPart();

        assertThat(auditLog.read(id)).hasValueSatisfying(read -> {
            assertThat(read.getIdElement().getValue()).isEqualTo("AuditEvent/" + id);
            assertThat(FHIR.newJsonParser().encodeResourceToString(read)).isEqualTo(FHIR.newJsonParser().encodeResourceToString(event));
        });
        assertThat(auditLog.read(Long.toString(Long.MAX_VALUE))).isEmpty();
        assertThat(auditLog.read("-1")).isEmpty();
        assertThat(auditLog.read("not-a-number")).isEmpty();
        assertThat(auditLog.read(id + "x")).isEmpty();
        assertThat(auditLog.read("")).isEmpty();
    }

    private static List<String> ids(List<AuditEvent> events) {
        return events.stream().map(event -> event.getIdElement().getIdPart()).toList();
    }

    private DevFhirHttp fhir() {
        return new DevFhirHttp(port);
    }

    /** POSTs the resource as the development client; returns Type/id. */
    private String create(Patient patient) throws Exception {
        HttpResponse<String> created = fhir().post("Patient", FHIR.newJsonParser().encodeResourceToString(patient));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return "Patient/" + JSON.readTree(created.body()).path("id").asText();
    }

    private static Patient patient() {
        Patient patient = new Patient();
        patient.addName().setFamily("Auditlog").addGiven("Test");
        return patient;
    }

    /** A completed PHQ-9 response (scored by the server) with the id {@code id}. */
    private static String phq9(String subject, String id, String authored) {
        StringBuilder items = new StringBuilder();
        for (int i = 1; i <= 9; i++) {
            items.append(i > 1 ? "," : "").append("{\"linkId\":\"phq9-q").append(i)
                    .append("\",\"answer\":[{\"valueCoding\":{\"system\":\"http://loinc.org\",\"code\":\"LA6569-3\"}}]}");
        }
        return "{\"resourceType\":\"QuestionnaireResponse\",\"id\":\"" + new IdType(id).getIdPart() + "\","
                + "\"questionnaire\":\"https://fhir.kaphub.org/Questionnaire/phq-9\",\"status\":\"completed\","
                + "\"subject\":{\"reference\":\"" + subject + "\"},\"authored\":\"" + authored + "\",\"item\":[" + items + "]}";
    }
}
