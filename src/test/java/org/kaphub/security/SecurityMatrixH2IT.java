package org.kaphub.security;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kaphub.audit.AuditLog;
import org.kaphub.audit.AuditSearch;
import org.kaphub.audit.UnauthenticatedRequests;
import org.kaphub.support.KapIntegrationTest;
import org.kaphub.support.TestSecurity;
import org.kaphub.support.Tokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import java.util.UUID;
import java.util.function.Predicate;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who gets in and what they see, over real HTTP: missing and bad tokens, each scope allowed and denied per
 * interaction, _include paths, patient context, organisation and type limits, 42 CFR Part 2 filtering, the
 * read-only audit trail — each with its exact status, nothing leaked, and an AuditEvent left behind.
 */
@KapIntegrationTest
class SecurityMatrixH2IT {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final ObjectMapper JSON = new ObjectMapper();
    static final String FHIR_JSON = "application/fhir+json";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    AuditLog auditLog;
    @Autowired
    UnauthenticatedRequests unauthenticated;

    /** One patient with an Observation and a MedicationAdministration, made by the development client. */
    String family;
    String patientId;
    String observationId;
    String medicationId;

    @BeforeEach
    void data() throws Exception {
        family = "Quillfeather" + UUID.randomUUID().toString().substring(0, 6);
        patientId = create(dev(), patient(family, null));
        observationId = create(dev(), observation(patientId, false));
        medicationId = create(dev(), ketamine(patientId, "2024-03-06T09:00:00Z"));
    }

    // ---- authentication ----

    @Test
    void noTokenIs401WithWwwAuthenticateAndAnOperationOutcome() throws Exception {
        HttpResponse<String> response = send("GET", "/fhir/Patient/" + patientId, null, null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
        assertThat(JSON.readTree(response.body()).path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(response.body()).doesNotContain(family);
        // counted per source and minute, not one row per request (TokenHardeningH2IT counts them)
        unauthenticated.flush();
        assertThat(audits(e -> isDenial(e, 401) && "unauthenticated".equals(e.getSubtypeFirstRep().getCode())
                && "127.0.0.1".equals(e.getAgentFirstRep().getNetwork().getAddress()))).isNotEmpty();
    }

    @Test
    void metadataAndSmartDiscoveryAnswerWithoutAToken() throws Exception {
        assertThat(send("GET", "/fhir/metadata", null, null).statusCode()).isEqualTo(200);
        for (String path : List.of("/fhir/.well-known/smart-configuration", "/.well-known/smart-configuration")) {
            HttpResponse<String> response = send("GET", path, null, null);
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.path("token_endpoint").asText()).endsWith("/oauth2/token");
            assertThat(body.path("token_endpoint_auth_methods_supported").toString()).contains("private_key_jwt");
        }
        assertThat(send("GET", "/fhir/metadata", null, null).body()).contains("SMART-on-FHIR").contains("/oauth2/token");
    }

    @Test
    void expiredWrongSignatureAndWrongAudienceTokensAre401() throws Exception {
        String expired = clinicToken(TestSecurity.CLINIC_KEY, TestSecurity.AUDIENCE, "system/*.rs", null, Instant.now().minusSeconds(600));
        String forged = clinicToken(TestSecurity.ROGUE_KEY, TestSecurity.AUDIENCE, "system/*.rs", null, null);
        String elsewhere = clinicToken(TestSecurity.CLINIC_KEY, "https://another-server.example", "system/*.rs", null, null);
        String garbage = "not.a.jwt";
        for (String token : List.of(expired, forged, elsewhere, garbage)) {
            HttpResponse<String> response = send("GET", "/fhir/Patient/" + patientId, token, null);
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate").orElse("")).contains("invalid_token");
            assertThat(response.body()).doesNotContain(family);
        }
        // a forged token named its own "our" issuer: still refused, our key did not sign it
        String selfMade = TestSecurity.sign(TestSecurity.ROGUE_KEY, JWSAlgorithm.RS256, new JWTClaimsSet.Builder()
                .issuer("http://127.0.0.1:" + port).audience(TestSecurity.AUDIENCE).claim("scope", "system/*.cruds")
                .expirationTime(Date.from(Instant.now().plusSeconds(300))).subject(TestSecurity.DEV_CLIENT).build());
        assertThat(send("GET", "/fhir/Patient/" + patientId, selfMade, null).statusCode()).isEqualTo(401);
    }

    @Test
    void aClinicIdentityProvidersTokenIsAccepted() throws Exception {
        String token = clinicToken(TestSecurity.CLINIC_KEY, TestSecurity.AUDIENCE, "system/*.rs", null, null);
        HttpResponse<String> read = send("GET", "/fhir/Patient/" + patientId, token, null);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(send("POST", "/fhir/Patient", token, encode(patient("Nobody", null))).statusCode()).isEqualTo(403);
    }

    @Test
    void tokenEndpointIssuesOnlyRegisteredScopesAndRefusesBadSecrets() throws Exception {
        assertThat(Tokens.request(port, Tokens.form("grant_type", "client_credentials", "scope", "system/*.cruds"),
                basic(TestSecurity.READER, TestSecurity.SECRET)).statusCode()).isEqualTo(400);
        HttpResponse<String> wrongSecret = Tokens.request(port, Tokens.form("grant_type", "client_credentials"),
                basic(TestSecurity.READER, "guess"));
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(wrongSecret.body()).contains("invalid_client");
        // v1 spelling and a narrower v2 scope are both covered by system/*.rs
        HttpResponse<String> v1 = Tokens.request(port, Tokens.form("grant_type", "client_credentials", "scope", "system/*.read"),
                basic(TestSecurity.READER, TestSecurity.SECRET));
        assertThat(v1.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(v1.body());
        assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.path("expires_in").asInt()).isBetween(250, 300);
        assertThat(send("GET", "/fhir/Patient/" + patientId, body.path("access_token").asText(), null).statusCode()).isEqualTo(200);
        assertThat(Tokens.request(port, Tokens.form("grant_type", "client_credentials", "scope", "system/Patient.r"),
                basic(TestSecurity.READER, TestSecurity.SECRET)).statusCode()).isEqualTo(200);
        assertThat(audits(e -> e.getType().getCode().equals("110114")
                && e.getOutcome() == AuditEvent.AuditEventOutcome._0 && TestSecurity.READER.equals(requestor(e)))).isNotEmpty();
        assertThat(audits(e -> e.getType().getCode().equals("110114")
                && e.getOutcome() != AuditEvent.AuditEventOutcome._0)).isNotEmpty();
    }

    @Test
    void privateKeyJwtClientGetsATokenAndARogueAssertionDoesNot() throws Exception {
        HttpResponse<String> good = Tokens.request(port, assertionForm(TestSecurity.PARTNER_KEY), null);
        assertThat(good.statusCode()).as(good.body()).isEqualTo(200);
        String token = JSON.readTree(good.body()).path("access_token").asText();
        assertThat(send("GET", "/fhir/Patient/" + patientId, token, null).statusCode()).isEqualTo(200);

        HttpResponse<String> rogue = Tokens.request(port, assertionForm(TestSecurity.ROGUE_KEY), null);
        assertThat(rogue.statusCode()).isEqualTo(401);
        assertThat(rogue.body()).contains("invalid_client").doesNotContain("access_token");
    }

    // ---- scopes, interaction by interaction ----

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource({
            // client,          method, what,                          status
            "test-reader,       GET,    Patient/{patient},                 200",
            "test-reader,       GET,    Patient?_id={patient},             200",
            "test-reader,       POST,   Patient,                           403",
            "test-reader,       PUT,    Patient/{patient},                 403",
            "test-reader,       DELETE, MedicationAdministration/{med},   403",
            "test-reader,       POST,   '',                                403",
            "test-reader,       POST,   Patient/$validate,                 200",
            "test-reader,       GET,    Observation?_include=Observation:subject&_id={observation}, 200",
            "test-reader,       PATCH,  Patient/{patient},                 405", // PATCH is not offered to anyone
            "test-meds,         GET,    MedicationAdministration/{med},   200",
            "test-meds,         GET,    MedicationAdministration?_id={med}, 200",
            "test-meds,         POST,   MedicationAdministration,          201",
            "test-meds,         PUT,    MedicationAdministration/{med},   200",
            "test-meds,         POST,   MedicationAdministration/$validate, 200",
            "test-meds,         GET,    Patient/{patient},                 403",
            "test-meds,         GET,    Patient?_id={patient},             403",
            "test-meds,         POST,   Patient,                           403",
            "test-meds,         POST,   Patient/$validate,                 403",
            "test-meds,         GET,    MedicationAdministration?_id={med}&_include=MedicationAdministration:subject, 403",
            "test-meds,         GET,    Patient?_id={patient}&_revinclude=MedicationAdministration:subject, 403",
            "test-meds,         POST,   '',                                403",
            "test-meds,         DELETE, MedicationAdministration/{med},   200",
            "kap-dev,           POST,   '',                                200",
            "kap-dev,           GET,    Patient?_id={patient}&_revinclude=MedicationAdministration:subject, 200",
            "test-types,        GET,    Patient/{patient},                 200",
            "test-types,        GET,    MedicationAdministration/{med},   403",
            "test-types,        POST,   Observation,                       201",
    })
    void scopeMatrix(String client, String method, String what, int status) throws Exception {
        String path = "/fhir/" + what.replace("{patient}", patientId).replace("{observation}", observationId)
                .replace("{med}", medicationId);
        String body = switch (method) {
            case "POST", "PUT" -> bodyFor(what);
            case "PATCH" -> "[{\"op\":\"replace\",\"path\":\"/active\",\"value\":false}]";
            default -> null;
        };
        HttpResponse<String> response = send(method, path, token(client), body);
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(status);
        if (status == 403) {
            assertThat(JSON.readTree(response.body()).path("resourceType").asText()).isEqualTo("OperationOutcome");
            assertThat(response.body()).doesNotContain(family);
            assertThat(audits(e -> isDenial(e, 403) && client.equals(requestor(e)))).isNotEmpty();
        }
    }

    @Test
    void includedResourcesAreReturnedOnlyWhenTheirTypeIsGranted() throws Exception {
        HttpResponse<String> reader = send("GET", "/fhir/Observation?_id=" + observationId + "&_include=Observation:subject",
                token(TestSecurity.READER), null);
        assertThat(reader.statusCode()).isEqualTo(200);
        assertThat(reader.body()).contains("\"Patient\"").contains(family);
    }

    @Test
    void patientContextSeesOnlyItsOwnCompartment() throws Exception {
        String otherPatient = create(dev(), patient("Otherperson", null));
        String otherObservation = create(dev(), observation(otherPatient, false));
        String token = clinicToken(TestSecurity.CLINIC_KEY, TestSecurity.AUDIENCE, "patient/*.rs", patientId, null);

        assertThat(send("GET", "/fhir/Patient/" + patientId, token, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/fhir/Observation/" + observationId, token, null).statusCode()).isEqualTo(200);
        HttpResponse<String> other = send("GET", "/fhir/Patient/" + otherPatient, token, null);
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.body()).doesNotContain("Otherperson");
        assertThat(send("GET", "/fhir/Observation/" + otherObservation, token, null).statusCode()).isEqualTo(403);
        // an unqualified search is narrowed to the context patient
        HttpResponse<String> search = send("GET", "/fhir/Observation?_count=200", token, null);
        assertThat(search.statusCode()).isEqualTo(200);
        Bundle found = FHIR.newJsonParser().parseResource(Bundle.class, search.body());
        assertThat(found.getEntry()).isNotEmpty().allSatisfy(entry ->
                assertThat(((Observation) entry.getResource()).getSubject().getReference()).isEqualTo("Patient/" + patientId));
        assertThat(send("POST", "/fhir/Observation", token, encode(observation(patientId, false))).statusCode()).isEqualTo(403);
    }

    @Test
    void organisationLimitedClientSeesOnlyItsOrganisationsPatients() throws Exception {
        String north = TestSecurity.ORG; // the registry creates its organisations (and only it changes them)
        String own = create(dev(), patient("Northerner", north));
        String token = token(TestSecurity.ORG_LIMITED);
        assertThat(send("GET", "/fhir/Patient/" + own, token, null).statusCode()).isEqualTo(200);
        // another organisation's records are absent for it (404), not forbidden: VisibilityMatrixH2IT has the rest
        HttpResponse<String> foreign = send("GET", "/fhir/Patient/" + patientId, token, null);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.body()).doesNotContain(family);
        assertThat(send("GET", "/fhir/MedicationAdministration/" + medicationId, token, null).statusCode()).isEqualTo(404);
        assertThat(send("POST", "/fhir/Patient", token, encode(patient("Newnorth", north))).statusCode()).isEqualTo(201);
        assertThat(send("POST", "/fhir/Patient", token, encode(patient("Newsouth", "org-south"))).statusCode()).isEqualTo(403);
        // without managingOrganization it becomes the client's organisation's (AccessGateMatrixH2IT has the details)
        assertThat(send("POST", "/fhir/Patient", token, encode(patient("Newnorth", null))).statusCode()).isEqualTo(201);
    }

    @Test
    void organisationLimitedClientWhoseOrganisationsHaveNoPatientsYetSeesNothingAndIsNotFailed() throws Exception {
        String token = token(TestSecurity.NEW_ORG_LIMITED);
        assertThat(send("GET", "/fhir/Patient/" + patientId, token, null).statusCode()).isEqualTo(404);
        HttpResponse<String> search = send("GET", "/fhir/Observation?subject=Patient/" + patientId, token, null);
        assertThat(search.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(search.body()).path("entry").size()).isZero();
        // its first patient: allowed by its create scope; only a patient of another organisation is refused
        String organisation = TestSecurity.NEW_ORG; // created by the registry
        assertThat(send("POST", "/fhir/Patient", token, encode(patient("Firstnew", organisation))).statusCode()).isEqualTo(201);
    }

    // ---- 42 CFR Part 2 ----

    @Test
    void part2LabelledDataIsWithheldFromClientsWithoutTheGrantAndTheWithholdingIsAudited() throws Exception {
        String labelled = create(dev(), observation(patientId, true));

        HttpResponse<String> read = send("GET", "/fhir/Observation/" + labelled, token(TestSecurity.READER), null);
        assertThat(read.statusCode()).isEqualTo(404);
        assertThat(read.body()).doesNotContain("substance use");
        HttpResponse<String> search = send("GET", "/fhir/Observation?subject=Patient/" + patientId, token(TestSecurity.READER), null);
        assertThat(search.statusCode()).isEqualTo(200);
        assertThat(search.body()).contains(observationId).doesNotContain(labelled).doesNotContain("substance use");
        HttpResponse<String> included = send("GET", "/fhir/Patient?_id=" + patientId + "&_revinclude=Observation:subject",
                token(TestSecurity.READER), null);
        assertThat(included.statusCode()).isEqualTo(200);
        assertThat(included.body()).doesNotContain(labelled);

        HttpResponse<String> granted = send("GET", "/fhir/Observation/" + labelled, token(TestSecurity.PART2), null);
        assertThat(granted.statusCode()).isEqualTo(200);
        assertThat(granted.body()).contains("substance use");
        // the read and the _revinclude are audited; the search is narrowed in its query, so it withholds nothing
        assertThat(audits(e -> e.getSubtypeFirstRep().getCode().equals("part2-filtered")
                && TestSecurity.READER.equals(requestor(e))
                && ("Observation/" + labelled).equals(e.getEntityFirstRep().getWhat().getReference()))).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void countsCountOnlyWhatTheClientMaySee() throws Exception {
        create(dev(), observation(patientId, true));
        String count = "/fhir/Observation?subject=Patient/" + patientId + "&_summary=count";
        // Part 2 is part of the query: the reader's count leaves the labelled Observation out, the granted one's not.
        HttpResponse<String> reader = send("GET", count, token(TestSecurity.READER), null);
        assertThat(reader.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(reader.body()).path("total").asInt()).isEqualTo(1);
        HttpResponse<String> granted = send("GET", count, token(TestSecurity.PART2), null);
        assertThat(granted.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(granted.body()).path("total").asInt()).isEqualTo(2);
    }

    // ---- audit trail ----

    @Test
    void everyReadSearchAndWriteLeavesAnAuditEvent() throws Exception {
        String token = token(TestSecurity.READER);
        send("GET", "/fhir/Patient/" + patientId, token, null);
        send("GET", "/fhir/Patient?family=" + family, token, null);
        assertThat(audits(e -> isBalp(e, "read") && TestSecurity.READER.equals(agentClient(e))
                && e.getEntity().stream().anyMatch(en -> en.getWhat().getReference() != null
                && en.getWhat().getReference().startsWith("Patient/" + patientId)))).isNotEmpty();
        List<AuditEvent> searches = audits(e -> isBalp(e, "search-type") && TestSecurity.READER.equals(agentClient(e)));
        assertThat(searches).isNotEmpty();
        // the query is kept with its values redacted: a search value can be a name
        assertThat(searches).allSatisfy(e -> assertThat(FHIR.newJsonParser().encodeResourceToString(e)).doesNotContain(family));
        assertThat(audits(e -> isBalp(e, "create") && e.getEntity().stream()
                .anyMatch(en -> ("Patient/" + patientId + "/_history/1").equals(en.getWhat().getReference())))).isNotEmpty();
    }

    @Test
    void auditTrailIsReadableOnlyWithTheAuditScopeAndNeverWritable() throws Exception {
        HttpResponse<String> auditor = send("GET", "/fhir/AuditEvent?_count=5", token(TestSecurity.AUDITOR), null);
        assertThat(auditor.statusCode()).isEqualTo(200);
        assertThat(send("GET", "/fhir/AuditEvent?_count=5", token(TestSecurity.READER), null).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/fhir/Patient/" + patientId, token(TestSecurity.AUDITOR), null).statusCode()).isEqualTo(403);

        String someEvent = FHIR.newJsonParser().parseResource(Bundle.class, auditor.body()).getEntryFirstRep().getResource()
                .getIdElement().getIdPart();
        String event = encode(new AuditEvent().setType(new Coding("urn:x", "y", null)).setRecorded(new Date()));
        for (String client : List.of(TestSecurity.DEV_CLIENT, TestSecurity.AUDITOR)) {
            assertThat(send("POST", "/fhir/AuditEvent", token(client), event).statusCode()).isEqualTo(403);
            assertThat(send("PUT", "/fhir/AuditEvent/" + someEvent, token(client),
                    event.replace("{", "{\"id\":\"" + someEvent + "\",")).statusCode()).isEqualTo(403);
            assertThat(send("DELETE", "/fhir/AuditEvent/" + someEvent, token(client), null).statusCode()).isEqualTo(403);
        }
        String transaction = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":" + event
                + ",\"request\":{\"method\":\"POST\",\"url\":\"AuditEvent\"}}]}";
        assertThat(send("POST", "/fhir", dev(), transaction).statusCode()).isEqualTo(403);
    }

    // ---- hardening ----

    @Test
    void managementEndpointsAreClosedExceptHealth() throws Exception {
        HttpResponse<String> health = send("GET", "/actuator/health", null, null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).doesNotContain("components"); // the status only (TokenHardeningH2IT)
        assertThat(send("GET", "/actuator/health/liveness", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/actuator/prometheus", null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/actuator/info", token(TestSecurity.READER), null).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/actuator/info", dev(), null).statusCode()).isEqualTo(200);
    }

    @Test
    void responsesCarrySecurityHeaders() throws Exception {
        HttpResponse<String> response = send("GET", "/fhir/Patient/" + patientId, dev(), null);
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(response.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
    }

    @Test
    void oversizeRequestBodyIs413() throws Exception {
        String huge = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + "x".repeat(TestSecurity.MAX_REQUEST_BYTES) + "\"}]}";
        HttpResponse<String> response = send("POST", "/fhir/Patient", dev(), huge);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(response.body()).path("resourceType").asText()).isEqualTo("OperationOutcome");
    }

    @Test
    void compressedRequestBodyIs415NotInflated() throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(encode(patient("Gzipson", null)).getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/fhir/Patient"))
                .header("Authorization", "Bearer " + dev()).header("Content-Type", FHIR_JSON).header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(zipped.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(JSON.readTree(response.body()).path("resourceType").asText()).isEqualTo("OperationOutcome");
    }

    @Test
    void xmlExternalEntitiesAreNotResolved() throws Exception {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE Patient [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]>"
                + "<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"&secret;\"/></name></Patient>";
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/fhir/Patient"))
                .header("Content-Type", "application/fhir+xml").header("Accept", FHIR_JSON)
                .header("Authorization", "Bearer " + dev())
                .POST(HttpRequest.BodyPublishers.ofString(xxe)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).doesNotContain("root:");
    }

    // ---- helpers ----

    String base() {
        return "http://127.0.0.1:" + port;
    }

    String dev() {
        return Tokens.dev(port);
    }

    String token(String client) {
        return TestSecurity.DEV_CLIENT.equals(client) ? dev() : Tokens.forClient(port, client, TestSecurity.SECRET, null);
    }

    static String basic(String client, String secret) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((client + ":" + secret).getBytes());
    }

    String assertionForm(RSAKey key) {
        String assertion = TestSecurity.sign(key, JWSAlgorithm.RS384, new JWTClaimsSet.Builder()
                .issuer(TestSecurity.JWT_PARTNER).subject(TestSecurity.JWT_PARTNER).audience(base() + "/oauth2/token")
                .jwtID(UUID.randomUUID().toString()).issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(240))).build());
        return Tokens.form("grant_type", "client_credentials", "scope", "system/*.rs",
                "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion", assertion, "client_id", TestSecurity.JWT_PARTNER);
    }

    static String clinicToken(RSAKey key, String audience, String scope, String patient, Instant expiry) {
        Instant exp = expiry == null ? Instant.now().plusSeconds(300) : expiry;
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(TestSecurity.clinicIssuer()).audience(audience)
                .subject("clinic-app").claim("client_id", "clinic-app").claim("scope", scope)
                .issueTime(Date.from(exp.minusSeconds(300))).expirationTime(Date.from(exp)).jwtID(UUID.randomUUID().toString());
        if (patient != null) {
            claims.claim("patient", patient);
        }
        return TestSecurity.sign(key, JWSAlgorithm.RS256, claims.build());
    }

    String bodyFor(String what) {
        if (what.isEmpty()) { // a transaction creating a Patient
            return "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":" + encode(patient("Txperson", null))
                    + ",\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}]}";
        }
        String type = what.split("[/?]")[0];
        IBaseResource resource = switch (type) {
            case "MedicationAdministration" -> ketamine(patientId, "2024-03-06T10:00:00Z");
            case "Observation" -> observation(patientId, false);
            default -> patient("Writer", null);
        };
        if (what.contains("/") && !what.contains("$")) {
            resource.setId(what.split("/")[1].replace("{patient}", patientId).replace("{med}", medicationId));
        }
        return encode(resource);
    }

    /** A minimal KAP MedicationAdministration (the profile is enforced on every write): IM ketamine in mg. */
    static MedicationAdministration ketamine(String patientId, String start) {
        MedicationAdministration given = new MedicationAdministration();
        given.setStatus(MedicationAdministration.MedicationAdministrationStatus.COMPLETED);
        given.setMedication(new org.hl7.fhir.r4.model.CodeableConcept(
                new org.hl7.fhir.r4.model.Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "6130", "ketamine")));
        given.setSubject(new Reference("Patient/" + patientId));
        given.setEffective(new org.hl7.fhir.r4.model.Period().setStartElement(new org.hl7.fhir.r4.model.DateTimeType(start)));
        given.getDosage().getRoute().addCoding(new org.hl7.fhir.r4.model.Coding("http://snomed.info/sct", "78421000", "Intramuscular route"));
        given.getDosage().setDose((org.hl7.fhir.r4.model.Quantity) new org.hl7.fhir.r4.model.Quantity().setValue(35)
                .setUnit("mg").setSystem("http://unitsofmeasure.org").setCode("mg"));
        return given;
    }

    static Patient patient(String family, String organisation) {
        Patient patient = new Patient();
        patient.addName().setFamily(family).addGiven("Test");
        if (organisation != null) {
            patient.setManagingOrganization(new Reference("Organization/" + organisation));
        }
        return patient;
    }

    static Observation observation(String patient, boolean part2) {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.getCode().setText(part2 ? "substance use disorder screening" : "heart rate");
        observation.setSubject(new Reference("Patient/" + patient));
        if (part2) {
            observation.getMeta().addSecurity("http://terminology.hl7.org/CodeSystem/v3-ActCode", "ETH", null);
        }
        return observation;
    }

    static String encode(IBaseResource resource) {
        return FHIR.newJsonParser().encodeResourceToString(resource);
    }

    String create(String token, IBaseResource resource) throws Exception {
        return create(token, resource, false);
    }

    /** Creates (POST) or, with a client-assigned id, puts a resource; returns its id. */
    String create(String token, IBaseResource resource, boolean put) throws Exception {
        String type = FHIR.getResourceType(resource);
        HttpResponse<String> response = put
                ? send("PUT", "/fhir/" + type + "/" + resource.getIdElement().getIdPart(), token, encode(resource))
                : send("POST", "/fhir/" + type, token, encode(resource));
        assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
        return JSON.readTree(response.body()).path("id").asText();
    }

    HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
                .header("Accept", path.startsWith("/fhir/") ? FHIR_JSON : "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        String contentType = "PATCH".equals(method) ? "application/json-patch+json" : FHIR_JSON;
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    List<AuditEvent> audits(Predicate<AuditEvent> matching) {
        return auditLog.search(AuditSearch.all()).stream().filter(matching).toList();
    }

    static boolean isDenial(AuditEvent event, int status) {
        return "110113".equals(event.getType().getCode()) && event.getOutcomeDesc() != null
                && event.getOutcomeDesc().startsWith("HTTP " + status);
    }

    static boolean isBalp(AuditEvent event, String interaction) {
        return "rest".equals(event.getType().getCode()) && event.getSubtype().stream().anyMatch(s -> interaction.equals(s.getCode()));
    }

    static String requestor(AuditEvent event) {
        return event.getAgent().stream().filter(AuditEvent.AuditEventAgentComponent::getRequestor)
                .map(a -> a.getWho().getIdentifier().getValue()).findFirst().orElse(null);
    }

    static String agentClient(AuditEvent event) {
        return event.getAgentFirstRep().getWho().getIdentifier().getValue();
    }

}
