package org.kaphub.audit;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kaphub.support.KapIntegrationTest;
import org.kaphub.support.TestSecurity;
import org.kaphub.support.Tokens;
import org.kaphub.vocabulary.KapCanonicals;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * /fhir/AuditEvent served from the append-only audit log, over real HTTP: an auditor finds the events of writes by
 * entity, patient, subtype, date window, outcome and agent, reads one by id, pages through every event once; nobody
 * without the audit scope gets any of it by any path; nobody writes; reading the trail is itself audited; what is not
 * offered is refused with 400 and not advertised.
 */
@KapIntegrationTest
class AuditEventApiH2IT {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String FHIR_JSON = "application/fhir+json";

    @LocalServerPort
    int port;

    /** A patient the development client created, then read {@link #READS} times: 1 create + READS read events name it. */
    String patientId;
    Instant before;
    Instant after;
    static final int READS = 7;

    @BeforeEach
    void aPatientWrittenAndRead() throws Exception {
        before = Instant.now().minusSeconds(1);
        Patient patient = new Patient().addName(new HumanName().setFamily("Audit" + UUID.randomUUID().toString().substring(0, 6)));
        HttpResponse<String> created = send("POST", "/fhir/Patient", dev(), FHIR.newJsonParser().encodeResourceToString(patient));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        patientId = FHIR.newJsonParser().parseResource(Patient.class, created.body()).getIdElement().getIdPart();
        for (int i = 0; i < READS; i++) {
            assertThat(send("GET", "/fhir/Patient/" + patientId, dev(), null).statusCode()).isEqualTo(200);
        }
        after = Instant.now().plusSeconds(1);
    }

    @Test
    void anAuditorFindsTheEventsOfWritesByEntityPatientSubtypeDateOutcomeAndAgent() throws Exception {
        String entity = mine();
        List<AuditEvent> byEntity = search(entity + "&_count=100");
        assertThat(byEntity).hasSize(1 + READS).allSatisfy(this::namesThePatient);
        String byDev = "&agent:identifier=" + enc(KapCanonicals.CLIENT_ID_SID + "|" + TestSecurity.DEV_CLIENT);
        assertThat(search("patient=Patient/" + patientId + byDev + "&_count=100")).extracting(Resource::getId)
                .containsExactlyInAnyOrderElementsOf(byEntity.stream().map(Resource::getId).toList());
        assertThat(search("patient=" + patientId + byDev + "&_count=100")).hasSize(1 + READS); // the type is implied

        List<AuditEvent> creates = search(entity + "&subtype=" + enc("http://hl7.org/fhir/restful-interaction|create"));
        assertThat(creates).hasSize(1).allSatisfy(e -> assertThat(e.getSubtype()).extracting(Coding::getCode).contains("create"));
        assertThat(search(entity + "&subtype=create,read&_count=100")).hasSize(1 + READS);
        assertThat(search(entity + "&subtype=update")).isEmpty();

        assertThat(search(entity + "&date=ge" + before + "&date=le" + after + "&_count=100")).hasSize(1 + READS);
        assertThat(search(entity + "&date=lt" + before)).isEmpty();
        assertThat(search(entity + "&date=gt" + after)).isEmpty();

        assertThat(search(entity + "&outcome=0&_count=100")).hasSize(1 + READS);
        assertThat(search(entity + "&outcome=" + enc("http://hl7.org/fhir/audit-event-outcome|0") + "&_count=100")).hasSize(1 + READS);
        assertThat(search(entity + "&outcome=4")).isEmpty();
        assertThat(search(entity + "&action=C")).hasSize(1);

        assertThat(search("entity=Patient/" + patientId + "&agent:identifier="
                + enc(KapCanonicals.CLIENT_ID_SID + "|" + TestSecurity.READER))).isEmpty();
        assertThat(search("entity=Patient/" + patientId + "&agent:identifier=" + enc(KapCanonicals.CLIENT_ID_SID + "|"
                + TestSecurity.DEV_CLIENT) + "," + enc(KapCanonicals.CLIENT_ID_SID + "|" + TestSecurity.READER) + "&_count=100"))
                .hasSize(1 + READS); // OR
    }

    @Test
    void anEventIsReadByIdAndAnUnknownOrForeignIdIsAnsweredAsAnAbsentResource() throws Exception {
        AuditEvent found = search(mine() + "&subtype=create").get(0);
        HttpResponse<String> read = send("GET", "/fhir/AuditEvent/" + found.getIdElement().getIdPart(), auditor(), null);
        assertThat(read.statusCode()).isEqualTo(200);
        AuditEvent event = FHIR.newJsonParser().parseResource(AuditEvent.class, read.body());
        assertThat(event.getIdElement().getIdPart()).isEqualTo(found.getIdElement().getIdPart());
        namesThePatient(event);

        HttpResponse<String> absentPatient = send("GET", "/fhir/Patient/999999999", dev(), null);
        for (String id : List.of("999999999", "not-a-number")) {
            HttpResponse<String> absent = send("GET", "/fhir/AuditEvent/" + id, auditor(), null);
            assertThat(absent.statusCode()).isEqualTo(absentPatient.statusCode()).isEqualTo(404);
            assertThat(diagnostics(absent)).isEqualTo(diagnostics(absentPatient).replace("Patient/999999999", "AuditEvent/" + id));
        }
    }

    @Test
    void pagingThroughMoreThanOnePageGivesEveryEventExactlyOnceAndMinusDateIsNewestFirst() throws Exception {
        String query = "/fhir/AuditEvent?" + mine() + "&_count=3";
        List<String> seen = new ArrayList<>();
        String url = base() + query;
        int pages = 0;
        while (url != null) {
            Bundle page = bundle(sendUrl(url, auditor()));
            assertThat(page.getTotal()).isEqualTo(1 + READS);
            page.getEntry().forEach(entry -> seen.add(entry.getResource().getIdElement().getIdPart()));
            url = page.getLink(Bundle.LINK_NEXT) == null ? null : page.getLink(Bundle.LINK_NEXT).getUrl();
            assertThat(++pages).isLessThanOrEqualTo(4);
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(1 + READS).doesNotHaveDuplicates();
        assertThat(seen).isSortedAccordingTo(Comparator.comparingLong(Long::parseLong)); // oldest first by default
        assertThat(new HashSet<>(seen)).isEqualTo(ids(search(mine() + "&_count=100")));

        List<String> newestFirst = search(mine() + "&_sort=-date&_count=100").stream()
                .map(e -> e.getIdElement().getIdPart()).toList();
        List<String> reversed = new ArrayList<>(seen);
        java.util.Collections.reverse(reversed);
        assertThat(newestFirst).isEqualTo(reversed);
        assertThat(search(mine() + "&_sort=-date&_count=1").get(0).getSubtypeFirstRep().getCode())
                .isEqualTo("read");
    }

    @Test
    void withoutTheAuditScopeEveryPathIsRefusedAndShowsNoEvent() throws Exception {
        Bundle firstPage = bundle(send("GET", "/fhir/AuditEvent?entity=Patient/" + patientId + "&_count=3", auditor(), null));
        String next = firstPage.getLink(Bundle.LINK_NEXT).getUrl();
        String eventId = firstPage.getEntryFirstRep().getResource().getIdElement().getIdPart();
        for (String client : List.of(TestSecurity.READER, TestSecurity.ORG_LIMITED, TestSecurity.MEDS)) {
            String token = Tokens.forClient(port, client, TestSecurity.SECRET, null);
            List<HttpResponse<String>> answers = List.of(
                    send("GET", "/fhir/AuditEvent?entity=Patient/" + patientId, token, null),
                    send("GET", "/fhir/AuditEvent?_count=500", token, null),
                    sendUrl(next, token),
                    send("GET", "/fhir/AuditEvent/" + eventId, token, null),
                    sendForm("/fhir/AuditEvent/_search", token, "entity=Patient/" + patientId));
            for (HttpResponse<String> answer : answers) {
                assertThat(answer.statusCode()).as(client + " " + answer.uri()).isEqualTo(403);
                assertThat(FHIR.newJsonParser().parseResource(answer.body())).isInstanceOf(OperationOutcome.class);
                assertThat(answer.body()).doesNotContain("AuditEvent/" + eventId).doesNotContain("\"entry\"")
                        .doesNotContain("Patient/" + patientId);
            }
        }
        // the same reads as entries of a batch: the auditor gets events, the others none (status per entry may differ)
        String batch = "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":["
                + "{\"request\":{\"method\":\"GET\",\"url\":\"AuditEvent/" + eventId + "\"}},"
                + "{\"request\":{\"method\":\"GET\",\"url\":\"AuditEvent?entity=Patient/" + patientId + "\"}}]}";
        assertThat(send("POST", "/fhir", auditor(), batch).body()).contains("\"resourceType\":\"AuditEvent\"")
                .contains(KapCanonicals.CLIENT_ID_SID);
        for (String client : List.of(TestSecurity.READER, TestSecurity.ORG_LIMITED, TestSecurity.MEDS)) {
            HttpResponse<String> answer = send("POST", "/fhir", Tokens.forClient(port, client, TestSecurity.SECRET, null), batch);
            assertThat(answer.statusCode()).as(client).isIn(200, 403);
            assertThat(answer.body()).as(client).doesNotContain("\"resourceType\":\"AuditEvent\"")
                    .doesNotContain(KapCanonicals.CLIENT_ID_SID);
        }
        for (String path : List.of("/fhir/AuditEvent?entity=Patient/" + patientId, "/fhir/AuditEvent/" + eventId)) {
            HttpResponse<String> anonymous = send("GET", path, null, null);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.body()).doesNotContain("Patient/" + patientId);
        }
        assertThat(sendUrl(next, null).statusCode()).isEqualTo(401);
    }

    @Test
    void nobodyWritesTheTrail() throws Exception {
        String eventId = search(mine() + "&subtype=create").get(0).getIdElement().getIdPart();
        String event = FHIR.newJsonParser().encodeResourceToString(new AuditEvent()
                .setType(new Coding("urn:x", "y", null)).setRecorded(new Date()));
        for (String token : List.of(dev(), auditor())) {
            assertThat(send("POST", "/fhir/AuditEvent", token, event).statusCode()).isEqualTo(403);
            assertThat(send("PUT", "/fhir/AuditEvent/" + eventId, token, event.replace("{", "{\"id\":\"" + eventId + "\","))
                    .statusCode()).isEqualTo(403);
            assertThat(send("DELETE", "/fhir/AuditEvent/" + eventId, token, null).statusCode()).isEqualTo(403);
            assertThat(send("PATCH", "/fhir/AuditEvent/" + eventId, token, "[]").statusCode()).isIn(403, 405);
        }
        String transaction = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":" + event
                + ",\"request\":{\"method\":\"POST\",\"url\":\"AuditEvent\"}}]}";
        assertThat(send("POST", "/fhir", dev(), transaction).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/fhir/AuditEvent/" + eventId, auditor(), null).statusCode()).isEqualTo(200); // unchanged
        assertThat(search(mine() + "&_count=100")).hasSize(1 + READS);
    }

    @Test
    void readingTheTrailIsItselfAudited() throws Exception {
        String eventId = search(mine() + "&subtype=create").get(0).getIdElement().getIdPart();
        assertThat(send("GET", "/fhir/AuditEvent/" + eventId, auditor(), null).statusCode()).isEqualTo(200);
        String byAuditor = "agent:identifier=" + enc(KapCanonicals.CLIENT_ID_SID + "|" + TestSecurity.AUDITOR);
        assertThat(search("entity=AuditEvent/" + eventId + "&subtype=read&" + byAuditor)).isNotEmpty();
        // the searches above (made before this one) are recorded as searches of AuditEvent, values redacted
        List<AuditEvent> searches = search("subtype=search-type&" + byAuditor + "&_sort=-date&_count=5");
        assertThat(searches).isNotEmpty().allSatisfy(e -> assertThat(e.getEntity())
                .anyMatch(entity -> entity.hasQuery() && new String(entity.getQuery(), StandardCharsets.UTF_8).contains("/AuditEvent?")));
    }

    @Test
    void whatIsNotOfferedIsRefusedWith400AndNotAdvertised() throws Exception {
        String eventId = search(mine() + "&subtype=create").get(0).getIdElement().getIdPart();
        for (String query : List.of("_include=AuditEvent:entity", "_revinclude=Provenance:target", "foo=bar",
                "type:not=rest", "subtype:text=read", "entity:Patient=" + patientId, "_sort=_id", "_sort=date,_id",
                "date=ne2024-01-01", "date=sa2024-01-01", "_lastUpdated=ge2024-01-01", "_id=" + eventId, "_tag=a%7Cb",
                "entity=" + patientId, "entity=http://elsewhere.example/fhir/Patient/1", "subtype=create&subtype=read",
                "_count=-1", "_total=accurate")) {
            HttpResponse<String> answer = send("GET", "/fhir/AuditEvent?" + query, auditor(), null);
            assertThat(answer.statusCode()).as(query).isEqualTo(400);
            assertThat(FHIR.newJsonParser().parseResource(answer.body())).isInstanceOf(OperationOutcome.class);
        }
        // chains and _has reach into other records: refused for every limited client (the auditor is one) by SearchTerms
        for (String query : List.of("entity.name=x", "entity:Patient.name=x", "_has:Patient:x:y=z")) {
            HttpResponse<String> answer = send("GET", "/fhir/AuditEvent?" + query, auditor(), null);
            assertThat(answer.statusCode()).as(query).isEqualTo(403);
            assertThat(answer.body()).as(query).doesNotContain("\"entry\"");
        }
        // nor reached from other searches: HAPI's own tables would answer those, not the trail
        for (String path : List.of("/fhir/Patient?_id=" + patientId + "&_revinclude=AuditEvent:entity",
                "/fhir/Patient?_id=" + patientId + "&_revinclude:iterate=AuditEvent:patient",
                "/fhir/Patient?_id=" + patientId + "&_include=Patient:organization:AuditEvent",
                "/fhir?_type=Patient,AuditEvent", "/fhir?_type=AuditEvent")) {
            for (String token : List.of(auditor(), dev())) {
                HttpResponse<String> answer = send("GET", path, token, null);
                assertThat(answer.statusCode()).as(path).isEqualTo(400);
                assertThat(answer.body()).as(path).doesNotContain("\"entry\"");
            }
        }
        for (String path : List.of("/" + eventId + "/_history", "/" + eventId + "/_history/1", "/_history", "/$validate")) {
            HttpResponse<String> answer = send("GET", "/fhir/AuditEvent" + path, auditor(), null);
            assertThat(answer.statusCode()).as(path).isIn(400, 403, 405);
            assertThat(answer.body()).as(path).doesNotContain("\"entry\"");
        }

        CapabilityStatement capabilities = FHIR.newJsonParser().parseResource(CapabilityStatement.class,
                send("GET", "/fhir/metadata", null, null).body());
        CapabilityStatement.CapabilityStatementRestResourceComponent auditEvent = capabilities.getRestFirstRep().getResource()
                .stream().filter(r -> "AuditEvent".equals(r.getType())).findFirst().orElseThrow();
        assertThat(auditEvent.getInteraction()).extracting(i -> i.getCode().toCode())
                .containsExactlyInAnyOrder("read", "search-type");
        assertThat(auditEvent.getSearchParam()).extracting(CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent::getName)
                .containsExactlyInAnyOrderElementsOf(AuditEventProvider.SEARCH_PARAMS);
        assertThat(auditEvent.getSearchInclude()).isEmpty();
        assertThat(auditEvent.getSearchRevInclude()).isEmpty();
        assertThat(capabilities.getRestFirstRep().getResource()).allSatisfy(r -> assertThat(r.getSearchRevInclude())
                .noneMatch(revInclude -> revInclude.getValue().startsWith("AuditEvent:")));
    }

    // ---- helpers ----

    /**
     * The events of the development client's own create and reads of the patient. (An auditor's search or read of
     * events naming the patient is recorded by BALP as a query in the patient's compartment: it names the patient too.)
     */
    String mine() {
        return "entity=Patient/" + patientId + "&agent:identifier=" + enc(KapCanonicals.CLIENT_ID_SID + "|" + TestSecurity.DEV_CLIENT);
    }

    void namesThePatient(AuditEvent event) {
        assertThat(event.getEntity()).anyMatch(e -> e.getWhat().getReference() != null
                && e.getWhat().getReference().startsWith("Patient/" + patientId));
    }

    /** One page of an auditor's search (the entries as AuditEvents). */
    List<AuditEvent> search(String query) throws Exception {
        HttpResponse<String> response = send("GET", "/fhir/AuditEvent?" + query, auditor(), null);
        assertThat(response.statusCode()).as(query + ": " + response.body()).isEqualTo(200);
        return bundle(response).getEntry().stream().map(e -> (AuditEvent) e.getResource()).toList();
    }

    static Set<String> ids(List<AuditEvent> events) {
        return new HashSet<>(events.stream().map(e -> e.getIdElement().getIdPart()).toList());
    }

    static Bundle bundle(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return FHIR.newJsonParser().parseResource(Bundle.class, response.body());
    }

    static String diagnostics(HttpResponse<String> response) {
        return FHIR.newJsonParser().parseResource(OperationOutcome.class, response.body()).getIssueFirstRep().getDiagnostics();
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    String dev() {
        return Tokens.dev(port);
    }

    String auditor() {
        return Tokens.forClient(port, TestSecurity.AUDITOR, TestSecurity.SECRET, null);
    }

    String base() {
        return "http://localhost:" + port;
    }

    HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path)).header("Accept", FHIR_JSON);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "PATCH".equals(method) ? "application/json-patch+json" : FHIR_JSON);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> sendUrl(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", FHIR_JSON).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> sendForm(String path, String token, String form) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base() + path)).header("Accept", FHIR_JSON)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
