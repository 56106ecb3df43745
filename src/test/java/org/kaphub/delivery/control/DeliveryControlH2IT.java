package org.kaphub.delivery.control;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kaphub.audit.AuditLog;
import org.kaphub.audit.AuditSearch;
import org.kaphub.delivery.dispatch.TestOutbox;
import org.kaphub.support.KapIntegrationTest;
import org.kaphub.support.PartnerSimulator;
import org.kaphub.support.PartnerSimulator.Receiver;
import org.kaphub.support.TestSecurity;
import org.kaphub.support.Tokens;
import org.kaphub.vocabulary.KapCanonicals;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The delivery control API over real HTTP with real tokens from /oauth2/token, against the running dispatcher and real
 * receiving partners ({@link PartnerSimulator}). Rows are the outbox writer's (a Patient of the partner's organisation)
 * or {@link TestOutbox}'s (Observations, which the writer queues only for vital signs and scores).
 */
@KapIntegrationTest
class DeliveryControlH2IT {

    static final String MRN = "urn:oid:2.16.840.1.113883.3.9999.77";
    static final String LAB = "urn:kaphub:test:observation";

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    DaoRegistry daos;
    @Autowired
    AuditLog auditLog;
    @Autowired
    JdbcClient jdbc;
    @LocalServerPort
    int port;

    static PartnerSimulator simulator;
    TestOutbox outbox;

    @BeforeAll
    static void simulator() {
        simulator = TestSecurity.simulator();
    }

    @Autowired
    void outbox(DaoRegistry daos, JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.outbox = new TestOutbox(daos, jdbc, transactions);
    }

    @Test
    void aDeadLetterIsReplayedByAnAdminOnlyAndThenDeliveredOnce() throws Exception {
        Receiver receiver = simulator.receiver(TestSecurity.REPLAY_DEAD);
        receiver.reset();
        receiver.failNext(500, 1000, null);
        long row = writersRow(TestSecurity.REPLAY_DEAD, outbox.store(patient(TestSecurity.REPLAY_DEAD)));
        await().atMost(Duration.ofSeconds(30)).until(() -> "DEAD".equals(outbox.status(row)));

        JsonNode dead = json(call("GET", "/api/deliveries/" + row, admin()), 200);
        assertThat(dead.path("status").asText()).isEqualTo("DEAD");
        assertThat(dead.path("attempts").asInt()).isEqualTo(6);
        assertThat(dead.path("lastStatus").asInt()).isEqualTo(500);
        assertThat(dead.path("lastResponse").asText()).contains("simulated failure 500");
        assertThat(dead.path("resourceType").asText()).isEqualTo("Patient");
        // in a listing: ids and outcomes, never the partner's answer
        JsonNode listed = json(call("GET", "/api/partners/" + TestSecurity.REPLAY_DEAD + "/deliveries?status=DEAD", admin()), 200);
        assertThat(listed.path("deliveries")).singleElement().satisfies(d -> {
            assertThat(d.path("id").asLong()).isEqualTo(row);
            assertThat(d.path("lastResponse").isNull()).isTrue();
        });

        // neither another client's token nor none replays anything
        HttpResponse<String> forbidden = call("POST", "/api/deliveries/" + row + "/replay", notAdmin());
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JSON.readTree(forbidden.body()).path("status").asInt()).isEqualTo(403);
        HttpResponse<String> anonymous = call("POST", "/api/deliveries/" + row + "/replay", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(anonymous.body()).path("status").asInt()).isEqualTo(401);
        // nor reads any of it: no row, no resource id, no partner answer in what the others get
        String resourceId = dead.path("resourceId").asText();
        for (String path : List.of("/api/partners/" + TestSecurity.REPLAY_DEAD + "/deliveries",
                "/api/partners/" + TestSecurity.REPLAY_DEAD, "/api/deliveries/" + row)) {
            for (String token : java.util.Arrays.asList(notAdmin(), null)) {
                HttpResponse<String> refused = call("GET", path, token);
                assertThat(refused.statusCode()).as("GET %s", path).isEqualTo(token == null ? 401 : 403);
                assertThat(refused.body()).as("GET %s", path).doesNotContain("simulated failure")
                        .doesNotContain("\"id\":" + row).doesNotContain(resourceId);
            }
        }
        assertThat(outbox.status(row)).isEqualTo("DEAD");
        assertThat(receiver.received()).hasSize(6);
        assertThat(deniedAudits(TestSecurity.REPLAY_NOT_ADMIN)).anySatisfy(event ->
                assertThat(event.getEntityFirstRep().getName()).isEqualTo("POST /api/deliveries/" + row + "/replay"));

        receiver.reset(); // the partner is fixed
        JsonNode replayed = json(call("POST", "/api/deliveries/" + row + "/replay", admin()), 200);
        assertThat(replayed.path("requeued").asInt()).isEqualTo(1);
        assertThat(replayed.path("rows")).extracting(JsonNode::asLong).containsExactly(row);
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(outbox.status(row)));
        assertThat(receiver.received()).extracting(PartnerSimulator.Received::status).containsExactly(200);
        assertThat(receiver.all("Patient")).singleElement().satisfies(stored -> assertThat(stored.version()).isEqualTo(1));
        JsonNode delivered = json(call("GET", "/api/deliveries/" + row, admin()), 200);
        assertThat(delivered.path("attempts").asInt()).isEqualTo(1);
        assertThat(delivered.path("replayedAt").isTextual()).isTrue();
        assertThat(delivered.path("lastResponse").isNull()).isTrue();

        assertThat(controlAudits()).anySatisfy(event -> {
            assertThat(event.getOutcomeDesc()).isEqualTo("replay row " + row + ": 1 row");
            assertThat(requestor(event)).isEqualTo(TestSecurity.REPLAY_ADMIN);
            assertThat(event.getEntity()).singleElement().satisfies(entity -> {
                assertThat(entity.getWhat().getReference()).startsWith("Patient/");
                assertThat(entity.getDetail()).anySatisfy(d -> {
                    assertThat(d.getType()).isEqualTo("outbox-row");
                    assertThat(d.getValueStringType().getValue()).isEqualTo(String.valueOf(row));
                });
            });
        });
        assertThat(controlAudits()).anySatisfy(event -> assertThat(event.getOutcomeDesc()).isEqualTo("show delivery " + row + ": 1 row"));
        assertThat(controlAudits()).anySatisfy(event ->
                assertThat(event.getOutcomeDesc()).isEqualTo("list deliveries status=[DEAD]: 1 row"));
    }

    @Test
    void replayingEveryDeadLetterOfAPartnerSendsThemInTheirOriginalOrderAndLeavesDeliveredRowsAlone() throws Exception {
        Receiver receiver = simulator.receiver(TestSecurity.REPLAY_ALL);
        receiver.reset();
        IIdType earlier = outbox.store(patient(TestSecurity.REPLAY_ALL));
        long delivered = writersRow(TestSecurity.REPLAY_ALL, earlier);
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(outbox.status(delivered)));

        receiver.failNext(400, 3, null); // refused: each a dead letter at once
        IIdType patient = outbox.store(patient(TestSecurity.REPLAY_ALL));
        String key = patient.toUnqualifiedVersionless().getValue();
        long patientRow = writersRow(TestSecurity.REPLAY_ALL, patient);
        long first = outbox.queue(TestSecurity.REPLAY_ALL, outbox.store(observation(patient, "first")), key, null);
        long second = outbox.queue(TestSecurity.REPLAY_ALL, outbox.store(observation(patient, "second")), key, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> List.of(patientRow, first, second).stream()
                .allMatch(row -> "DEAD".equals(outbox.status(row))));
        assertThat(receiver.received()).extracting(PartnerSimulator.Received::status).containsExactly(200, 400, 400, 400);

        JsonNode replayed = json(call("POST", "/api/partners/" + TestSecurity.REPLAY_ALL + "/replay?status=DEAD", admin()), 200);
        assertThat(replayed.path("requeued").asInt()).isEqualTo(3);
        assertThat(replayed.path("rows")).extracting(JsonNode::asLong).containsExactly(patientRow, first, second);
        await().atMost(Duration.ofSeconds(20)).until(() -> List.of(patientRow, first, second).stream()
                .allMatch(row -> "DELIVERED".equals(outbox.status(row))));

        // the patient, then its observations in the order written; the row delivered before was not sent again
        assertThat(receiver.received()).extracting(PartnerSimulator.Received::status).containsExactly(200, 400, 400, 400, 200, 200, 200);
        assertThat(receiver.applied()).extracting(r -> r.fhirType() + (r instanceof Observation o
                        ? " " + o.getIdentifierFirstRep().getValue().substring(0, o.getIdentifierFirstRep().getValue().indexOf('-')) : ""))
                .containsExactly("Patient", "Patient", "Observation first", "Observation second");
        assertThat(receiver.all("Patient")).hasSize(2).allSatisfy(stored -> assertThat(stored.version()).isEqualTo(1));
        assertThat(outbox.row(delivered).get("REPLAYED_AT")).isNull();
        assertThat(controlAudits()).anySatisfy(event -> {
            assertThat(event.getOutcomeDesc()).isEqualTo("replay status=[DEAD]: 3 rows");
            assertThat(event.getEntity()).hasSize(3);
            assertThat(event.getAgent()).anySatisfy(agent ->
                    assertThat(agent.getWho().getIdentifier().getValue()).isEqualTo(TestSecurity.REPLAY_ALL));
        });
    }

    @Test
    void replayingSinceATimeResendsWhatWasCommittedFromThenOnDeliveredOrNot() throws Exception {
        Receiver receiver = simulator.receiver(TestSecurity.REPLAY_SINCE);
        receiver.reset();
        long before = writersRow(TestSecurity.REPLAY_SINCE, outbox.store(patient(TestSecurity.REPLAY_SINCE)));
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(outbox.status(before)));
        Instant since = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        IIdType later = outbox.store(patient(TestSecurity.REPLAY_SINCE));
        long after = writersRow(TestSecurity.REPLAY_SINCE, later);
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(outbox.status(after)));

        JsonNode replayed = json(call("POST", "/api/partners/" + TestSecurity.REPLAY_SINCE + "/replay?since=" + since, admin()), 200);
        assertThat(replayed.path("rows")).extracting(JsonNode::asLong).containsExactly(after);
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received().size() == 3);
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(outbox.status(after)));
        // sent again as a conditional update: the partner's record of the later patient has a second version, no copy
        Patient theirs = (Patient) daos.getResourceDao(Patient.class).read(later.toUnqualifiedVersionless(), new SystemRequestDetails());
        assertThat(receiver.stored("Patient", MRN, theirs.getIdentifierFirstRep().getValue()).version()).isEqualTo(2);
        assertThat(receiver.all("Patient")).hasSize(2);
        assertThat(outbox.row(before).get("REPLAYED_AT")).isNull();

        // nothing to replay by accident: a status or a time is required, and only settled rows are replayed
        assertThat(problem(call("POST", "/api/partners/" + TestSecurity.REPLAY_SINCE + "/replay", admin()), 400)).isNotBlank();
        assertThat(problem(call("POST", "/api/partners/" + TestSecurity.REPLAY_SINCE + "/replay?status=QUEUED", admin()), 400)).isNotBlank();
        assertThat(problem(call("POST", "/api/partners/" + TestSecurity.REPLAY_SINCE + "/replay?status=LOST", admin()), 400)).isNotBlank();
        assertThat(problem(call("POST", "/api/partners/no-such-partner/replay?status=DEAD", admin()), 404)).contains("no-such-partner");
        assertThat(problem(call("GET", "/api/deliveries/999999999", admin()), 404)).contains("999999999");
    }

    @Test
    void aPausedPartnerGetsNothingUntilResumedAndResumingClosesItsCircuit() throws Exception {
        Receiver receiver = simulator.receiver(TestSecurity.REPLAY_PAUSE);
        receiver.reset();
        String partner = "/api/partners/" + TestSecurity.REPLAY_PAUSE;
        receiver.failNext(503, 1000, null); // down: three failures in a row open its circuit (circuit-failures in the tests)
        long failing = writersRow(TestSecurity.REPLAY_PAUSE, outbox.store(patient(TestSecurity.REPLAY_PAUSE)));
        await().atMost(Duration.ofSeconds(20)).until(() -> json(call("GET", partner, admin()), 200)
                .path("consecutiveFailures").asInt() >= 3);
        JsonNode paused = json(call("POST", partner + "/pause", admin()), 200);
        assertThat(paused.path("paused").asBoolean()).isTrue();
        assertThat(paused.path("circuitOpenUntil").isTextual()).isTrue();

        // a non-admin cannot resume
        assertThat(call("POST", partner + "/resume", notAdmin()).statusCode()).isEqualTo(403);
        assertThat(call("POST", partner + "/resume", null).statusCode()).isEqualTo(401);
        int failures = receiver.received().size();
        long waiting = writersRow(TestSecurity.REPLAY_PAUSE, outbox.store(patient(TestSecurity.REPLAY_PAUSE)));
        // longer than the circuit stays open (1 s) and the backoff: only the pause holds the rows now
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5)).until(() ->
                "QUEUED".equals(outbox.status(failing)) && "QUEUED".equals(outbox.status(waiting)));
        assertThat(receiver.received()).hasSize(failures).extracting(PartnerSimulator.Received::status).containsOnly(503);
        // a row on its way is not replayed
        assertThat(problem(call("POST", "/api/deliveries/" + waiting + "/replay", admin()), 409)).contains("QUEUED");
        JsonNode state = json(call("GET", partner, admin()), 200);
        assertThat(state.path("rows").path("QUEUED").asInt()).isEqualTo(2);
        assertThat(state.path("oldestUndeliveredAt").isTextual()).isTrue();

        receiver.failNext(503, 0, null); // up again
        JsonNode resumed = json(call("POST", partner + "/resume", admin()), 200);
        assertThat(resumed.path("paused").asBoolean()).isFalse();
        assertThat(resumed.path("consecutiveFailures").asInt()).isZero();
        assertThat(resumed.path("circuitOpenUntil").isNull()).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() ->
                "DELIVERED".equals(outbox.status(failing)) && "DELIVERED".equals(outbox.status(waiting)));
        assertThat(receiver.received()).hasSize(failures + 2).extracting(PartnerSimulator.Received::status)
                .endsWith(200, 200).filteredOn(status -> status == 200).hasSize(2);
        assertThat(controlAudits()).anySatisfy(event -> assertThat(event.getOutcomeDesc()).isEqualTo("pause: 0 rows"));
        assertThat(controlAudits()).anySatisfy(event -> assertThat(event.getOutcomeDesc()).startsWith("resume (rows due now): "));
    }

    // ---- HTTP ----

    private String admin() {
        return Tokens.forClient(port, TestSecurity.REPLAY_ADMIN, TestSecurity.SECRET, null);
    }

    private String notAdmin() {
        return Tokens.forClient(port, TestSecurity.REPLAY_NOT_ADMIN, TestSecurity.SECRET, null);
    }

    private HttpResponse<String> call(String method, String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response, int status) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    /** An RFC 9457 problem detail with {@code status}: its detail. */
    private static String problem(HttpResponse<String> response, int status) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        return problem.path("detail").asText();
    }

    // ---- data ----

    /** A patient of the partner's organisation: the outbox writer queues it for that partner. */
    private static Patient patient(String partner) {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem(MRN).setValue("MRN-" + UUID.randomUUID());
        patient.setManagingOrganization(new Reference("Organization/" + TestSecurity.dispatchOrg(partner)));
        return patient;
    }

    private static Observation observation(IIdType patient, String code) {
        Observation observation = new Observation();
        observation.addIdentifier().setSystem(LAB).setValue(code + "-" + UUID.randomUUID());
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.getCode().addCoding().setSystem("http://loinc.org").setCode("44261-6");
        observation.setSubject(new Reference(patient.toUnqualifiedVersionless()));
        observation.setValue(new Quantity(1));
        return observation;
    }

    /** The outbox writer's row of {@code version} for {@code partner}. */
    private long writersRow(String partner, IIdType version) {
        return jdbc.sql("SELECT ID FROM KAP_OUTBOX WHERE PARTNER_ID = ? AND RESOURCE_TYPE = ? AND RESOURCE_ID = ? AND RESOURCE_VERSION = ?")
                .params(partner, version.getResourceType(), version.getIdPart(), version.getVersionIdPartAsLong())
                .query(Long.class).single();
    }

    // ---- audit ----

    private List<AuditEvent> controlAudits() {
        return audits("delivery-control").stream().filter(event -> TestSecurity.REPLAY_ADMIN.equals(requestor(event))).toList();
    }

    private List<AuditEvent> deniedAudits(String client) {
        return audits("forbidden").stream().filter(event -> client.equals(requestor(event))).toList();
    }

    private List<AuditEvent> audits(String subtype) {
        return auditLog.search(AuditSearch.all().with(AuditSearch.Param.SUBTYPE, KapCanonicals.AUDIT_EVENT_TYPE + "|" + subtype));
    }

    private static String requestor(AuditEvent event) {
        return event.getAgent().stream().filter(AuditEvent.AuditEventAgentComponent::getRequestor)
                .map(agent -> agent.getWho().getIdentifier().getValue()).findFirst().orElse(null);
    }
}
