package org.kaphub.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kaphub.audit.AuditLog;
import org.kaphub.audit.AuditSearch;
import org.kaphub.audit.UnauthenticatedRequests;
import org.kaphub.support.KapIntegrationTest;
import org.kaphub.support.TestSecurity;
import org.kaphub.support.Tokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10, classes 8 and 10 over real HTTP: the registration decides (Part 2, audit, admin, organisation limits)
 * whatever an external token claims; tokens without exp/iat are refused; client assertions follow SMART Backend
 * Services (exp ≤ 5 min, jti once); JWK Sets are not re-fetched per unknown kid; anonymous 401s are counted, not
 * written one by one; the audit of a paged search holds no page id; anonymous health shows the status only.
 */
@KapIntegrationTest
class TokenHardeningH2IT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String FHIR_JSON = "application/fhir+json";

    @LocalServerPort
    int port;
    @Autowired
    AuditLog auditLog;
    @Autowired
    RSAKey signingKey;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    UnauthenticatedRequests unauthenticated;

    String family;
    String patientId;
    String part2Id;

    @BeforeEach
    void data() throws Exception {
        family = "Hardening" + UUID.randomUUID().toString().substring(0, 6);
        patientId = create(SecurityMatrixH2IT.patient(family, null));
        part2Id = create(SecurityMatrixH2IT.observation(patientId, true));
    }

    // ---- the registration decides ----

    @Test
    void anExternalTokensPart2ClaimNeedsTheRegistrationsGrant() throws Exception {
        String claimed = "system/*.rs " + SmartScope.PART2;
        // registered with part2: false, unregistered, and a registered client of ours (with a secret) it names
        for (String client : List.of(TestSecurity.EXTERNAL_NO_PART2, "unregistered-app", TestSecurity.DEV_CLIENT)) {
            assertPart2Withheld(external(client, claimed, null), client);
        }
        // registered with part2: true — served when asked for, withheld when the token asks for less
        assertThat(send("GET", "/fhir/Observation/" + part2Id, external(TestSecurity.EXTERNAL_PART2, claimed, null)).statusCode())
                .isEqualTo(200);
        assertPart2Withheld(external(TestSecurity.EXTERNAL_PART2, "system/*.rs", null), "part2 client asking for less");
    }

    @Test
    void ourOwnTokenGrantsPart2OnlyWhenItAsksForIt() throws Exception {
        String narrower = Tokens.forClient(port, TestSecurity.PART2, TestSecurity.SECRET, "system/*.rs");
        assertPart2Withheld(narrower, "test-part2 with system/*.rs only");
        String full = Tokens.forClient(port, TestSecurity.PART2, TestSecurity.SECRET, null);
        assertThat(send("GET", "/fhir/Observation/" + part2Id, full).statusCode()).isEqualTo(200);
    }

    @Test
    void externalClaimsConferNoAuditTrailNoManagementAndNoForeignPatientContext() throws Exception {
        String unregistered = external("unregistered-app", "system/*.rs system/AuditEvent.rs " + SmartScope.ADMIN, null);
        assertThat(send("GET", "/fhir/Patient/" + patientId, unregistered).statusCode()).isEqualTo(200); // its resource scope holds
        assertThat(send("GET", "/fhir/AuditEvent?_count=1", unregistered).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/actuator/info", unregistered).statusCode()).isEqualTo(403);
        assertThat(fieldNames(send("GET", "/actuator/health", unregistered).body())).isSubsetOf("status", "groups");

        // an organisation-limited partner (Organization/org-north exists: the registry creates it): a patient claim
        // does not open another organisation's patient
        String northern = create(SecurityMatrixH2IT.patient("Northerner", TestSecurity.ORG));
        String foreignContext = external(TestSecurity.EXTERNAL_ORG_LIMITED, "patient/*.rs", patientId);
        HttpResponse<String> foreign = send("GET", "/fhir/Patient/" + patientId, foreignContext);
        assertThat(foreign.statusCode()).isEqualTo(404); // hidden is absent: patient/ scopes grant nothing, the record is not there for it
        assertThat(foreign.body()).doesNotContain(family);
        String systemScoped = external(TestSecurity.EXTERNAL_ORG_LIMITED, "system/*.rs", null);
        assertThat(send("GET", "/fhir/Patient/" + northern, systemScoped).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/fhir/Patient/" + patientId, systemScoped).statusCode()).isEqualTo(404); // another organisation's patient is absent for it
    }

    // ---- timestamps ----

    @Test
    void tokensWithoutExpOrIatOrNotYetValidAreRefused() throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet.Builder valid = clinicClaims("unregistered-app", "system/*.rs").issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)));
        assertThat(send("GET", "/fhir/Patient/" + patientId, clinic(valid.build())).statusCode()).isEqualTo(200);

        List<JWTClaimsSet> refused = List.of(
                clinicClaims("unregistered-app", "system/*.rs").issueTime(Date.from(now)).build(),                       // no exp
                clinicClaims("unregistered-app", "system/*.rs").expirationTime(Date.from(now.plusSeconds(300))).build(), // no iat
                new JWTClaimsSet.Builder(valid.build()).notBeforeTime(Date.from(now.plusSeconds(600))).build(),
                new JWTClaimsSet.Builder(valid.build()).issueTime(Date.from(now.plusSeconds(600)))
                        .expirationTime(Date.from(now.plusSeconds(900))).build());
        for (JWTClaimsSet claims : refused) {
            HttpResponse<String> response = send("GET", "/fhir/Patient/" + patientId, clinic(claims));
            assertThat(response.statusCode()).as(claims.toString()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate").orElse("")).contains("invalid_token");
            assertThat(response.body()).doesNotContain(family);
        }

        // our own key: the same rules, and a client that is not registered gets nothing
        JWTClaimsSet.Builder own = new JWTClaimsSet.Builder().issuer(base()).audience(TestSecurity.AUDIENCE)
                .subject(TestSecurity.DEV_CLIENT).claim("client_id", TestSecurity.DEV_CLIENT).claim("scope", List.of("system/*.rs"))
                .issueTime(Date.from(now));
        assertThat(send("GET", "/fhir/Patient/" + patientId, ours(own.build())).statusCode()).isEqualTo(401);
        own.expirationTime(Date.from(now.plusSeconds(300)));
        assertThat(send("GET", "/fhir/Patient/" + patientId, ours(own.build())).statusCode()).isEqualTo(200);
        own.subject("ghost").claim("client_id", "ghost");
        assertThat(send("GET", "/fhir/Patient/" + patientId, ours(own.build())).statusCode()).isEqualTo(401);
    }

    // ---- SMART client assertions ----

    @Test
    void clientAssertionsFollowSmartBackendServices() throws Exception {
        Instant now = Instant.now();
        HttpResponse<String> thirtyDays = Tokens.request(port, assertionForm(TestSecurity.PARTNER_KEY,
                assertionClaims(UUID.randomUUID().toString(), now.plusSeconds(30L * 24 * 3600), tokenEndpoint())), null);
        assertRefusedClient(thirtyDays);

        String jti = UUID.randomUUID().toString();
        String form = assertionForm(TestSecurity.PARTNER_KEY, assertionClaims(jti, now.plusSeconds(240), tokenEndpoint()));
        HttpResponse<String> fresh = Tokens.request(port, form, null);
        assertThat(fresh.statusCode()).as(fresh.body()).isEqualTo(200);
        assertThat(JSON.readTree(fresh.body()).path("access_token").asText()).isNotBlank();
        // the jti is in the shared database, where every node looks
        assertThat(jdbc.sql("SELECT COUNT(*) FROM KAP_CLIENT_ASSERTION WHERE ASSERTION_KEY = ?")
                .param(UsedClientAssertions.key(TestSecurity.JWT_PARTNER, jti)).query(Integer.class).single()).isEqualTo(1);
        assertRefusedClient(Tokens.request(port, form, null)); // the same assertion again

        assertRefusedClient(Tokens.request(port, assertionForm(TestSecurity.PARTNER_KEY,
                assertionClaims(null, now.plusSeconds(240), tokenEndpoint())), null)); // no jti
        assertRefusedClient(Tokens.request(port, assertionForm(TestSecurity.PARTNER_KEY,
                assertionClaims(UUID.randomUUID().toString(), now.plusSeconds(240), base())), null)); // aud: not the token endpoint
        HttpResponse<String> another = Tokens.request(port, assertionForm(TestSecurity.PARTNER_KEY,
                assertionClaims(UUID.randomUUID().toString(), now.plusSeconds(240), tokenEndpoint())), null);
        assertThat(another.statusCode()).isEqualTo(200);
    }

    // ---- JWK Sets ----

    @Test
    void aFloodOfUnknownKidsFetchesTheClinicsJwkSetOnlyAFewTimes() throws Exception {
        String valid = external("unregistered-app", "system/*.rs", null);
        assertThat(send("GET", "/fhir/Patient/" + patientId, valid).statusCode()).isEqualTo(200); // the set is cached
        int before = TestSecurity.jwksFetches(TestSecurity.CLINIC_JWKS);
        for (int i = 0; i < 50; i++) {
            JWTClaimsSet claims = clinicClaims("unregistered-app", "system/*.rs").issueTime(new Date())
                    .expirationTime(Date.from(Instant.now().plusSeconds(300))).build();
            String token = TestSecurity.sign(randomKid(TestSecurity.ROGUE_KEY), JWSAlgorithm.RS256, claims);
            assertThat(send("GET", "/fhir/Patient/" + patientId, token).statusCode()).isEqualTo(401);
        }
        int fetched = TestSecurity.jwksFetches(TestSecurity.CLINIC_JWKS) - before;
        assertThat(fetched).as("JWK Set fetches for 50 unknown kids").isLessThanOrEqualTo(4);
        assertThat(send("GET", "/fhir/Patient/" + patientId, valid).statusCode()).isEqualTo(200);
    }

    @Test
    void aFloodOfUnknownKidsFetchesAPartnersJwkSetOnlyAFewTimes() throws Exception {
        assertThat(Tokens.request(port, assertionForm(TestSecurity.PARTNER_KEY, assertionClaims(UUID.randomUUID().toString(),
                Instant.now().plusSeconds(240), tokenEndpoint())), null).statusCode()).isEqualTo(200);
        int before = TestSecurity.jwksFetches(TestSecurity.PARTNER_JWKS);
        for (int i = 0; i < 30; i++) {
            assertRefusedClient(Tokens.request(port, assertionForm(randomKid(TestSecurity.ROGUE_KEY), assertionClaims(
                    UUID.randomUUID().toString(), Instant.now().plusSeconds(240), tokenEndpoint())), null));
        }
        int fetched = TestSecurity.jwksFetches(TestSecurity.PARTNER_JWKS) - before;
        assertThat(fetched).as("JWK Set fetches for 30 unknown kids").isLessThanOrEqualTo(4);
        assertThat(Tokens.request(port, assertionForm(TestSecurity.PARTNER_KEY, assertionClaims(UUID.randomUUID().toString(),
                Instant.now().plusSeconds(240), tokenEndpoint())), null).statusCode()).isEqualTo(200);
    }

    // ---- audit ----

    @Test
    void anonymous401sAreCountedPerSourceAndMinuteNotWrittenOneByOne() throws Exception {
        unauthenticated.flush(); // what other tests left counted
        Instant start = Instant.now();
        java.util.Set<String> earlier = ids(unauthenticatedRows());
        double countedBefore = prometheusCounter("no-token");
        for (int i = 0; i < 100; i++) {
            assertThat(send("GET", "/fhir/Patient/" + patientId, null).statusCode()).isEqualTo(401);
        }
        // nothing written per request (a minute ending meanwhile may write one row)
        assertThat(newer(unauthenticatedRows(), earlier)).hasSizeLessThanOrEqualTo(1);
        unauthenticated.flush();
        List<AuditEvent> rows = newer(unauthenticatedRows(), earlier);
        assertThat(rows).hasSizeBetween(1, 2); // one per source and minute; the requests may straddle a minute
        assertThat(rows).allSatisfy(row -> assertThat(row.getAgentFirstRep().getNetwork().getAddress()).isEqualTo("127.0.0.1"));
        assertThat(rows.stream().mapToLong(row -> Long.parseLong(detail(row, "no-token"))).sum()).isEqualTo(100);
        assertThat(prometheusCounter("no-token") - countedBefore).isEqualTo(100);

        // an authenticated client's 403 is still recorded on its own
        assertThat(send("POST", "/fhir/Patient", Tokens.forClient(port, TestSecurity.READER, TestSecurity.SECRET, null),
                SecurityMatrixH2IT.encode(SecurityMatrixH2IT.patient("Refused", null))).statusCode()).isEqualTo(403);
        assertThat(audits(e -> SecurityMatrixH2IT.isDenial(e, 403) && TestSecurity.READER.equals(SecurityMatrixH2IT.requestor(e))
                && !e.getRecorded().toInstant().isBefore(start))).isNotEmpty();
    }

    @Test
    void theAuditOfAPagedSearchHoldsNoPageIdButWhatWasSearched() throws Exception {
        for (int i = 0; i < 2; i++) {
            create(SecurityMatrixH2IT.observation(patientId, false));
        }
        String dev = Tokens.dev(port);
        HttpResponse<String> first = send("GET", "/fhir/Observation?subject=Patient/" + patientId + "&status=final&_count=1", dev);
        assertThat(first.statusCode()).isEqualTo(200);
        Bundle page1 = SecurityMatrixH2IT.FHIR.newJsonParser().parseResource(Bundle.class, first.body());
        String next = page1.getLink("next").getUrl();
        Matcher id = Pattern.compile("_getpages=([^&]+)").matcher(next);
        assertThat(id.find()).as(next).isTrue();
        String pageId = id.group(1);
        HttpResponse<String> second = send("GET", next.substring(next.indexOf("/fhir")), dev);
        assertThat(second.statusCode()).isEqualTo(200);

        List<AuditEvent> all = audits(e -> true);
        assertThat(all).noneSatisfy(e -> assertThat(SecurityMatrixH2IT.encode(e)).contains(pageId));
        List<String> pageQueries = audits(e -> SecurityMatrixH2IT.isBalp(e, "search-type")).stream()
                .flatMap(e -> e.getEntity().stream()).filter(AuditEvent.AuditEventEntityComponent::hasQuery)
                .map(entity -> new String(entity.getQuery(), java.nio.charset.StandardCharsets.UTF_8))
                .filter(query -> query.contains("_getpagesoffset") && query.contains("/Observation?"))
                .filter(query -> query.contains("Patient/" + patientId + "&")).toList(); // this test's search, not another's
        assertThat(pageQueries).as("the page's audit says what was searched").isNotEmpty()
                .allSatisfy(query -> assertThat(query).contains("status=***").contains(patientId)
                        .doesNotContain("final").doesNotContain("_getpages="));
    }

    // ---- health ----

    @Test
    void anonymousHealthShowsTheStatusOnlyAndAnAdministratorTheComponents() throws Exception {
        for (String path : List.of("/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness")) {
            HttpResponse<String> anonymous = send("GET", path, null);
            assertThat(anonymous.statusCode()).isEqualTo(200);
            // the status, and at the root the names of the probe groups: no components, no details
            assertThat(fieldNames(anonymous.body())).as(path).contains("status").isSubsetOf("status", "groups");
        }
        HttpResponse<String> reader = send("GET", "/actuator/health", Tokens.forClient(port, TestSecurity.READER, TestSecurity.SECRET, null));
        assertThat(fieldNames(reader.body())).isSubsetOf("status", "groups");
        JsonNode admin = JSON.readTree(send("GET", "/actuator/health", Tokens.dev(port)).body());
        assertThat(admin.path("components").path("mllp").path("status").asText()).isEqualTo("UP");
        assertThat(admin.path("components").path("db").path("status").asText()).isEqualTo("UP");
    }

    // ---- helpers ----

    void assertPart2Withheld(String token, String who) throws Exception {
        HttpResponse<String> read = send("GET", "/fhir/Observation/" + part2Id, token);
        assertThat(read.statusCode()).as(who).isEqualTo(404);
        assertThat(read.body()).doesNotContain("substance use");
        HttpResponse<String> search = send("GET", "/fhir/Observation?subject=Patient/" + patientId, token);
        assertThat(search.statusCode()).as(who).isEqualTo(200);
        assertThat(search.body()).as(who).doesNotContain(part2Id).doesNotContain("substance use");
    }

    static void assertRefusedClient(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.body()).contains("invalid_client").doesNotContain("access_token");
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    String tokenEndpoint() {
        return base() + "/oauth2/token";
    }

    /** A clinic IdP token for {@code client} claiming {@code scope} (and a patient context), valid for 5 minutes. */
    static String external(String client, String scope, String patient) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = clinicClaims(client, scope).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)));
        if (patient != null) {
            claims.claim("patient", patient);
        }
        return clinic(claims.build());
    }

    static JWTClaimsSet.Builder clinicClaims(String client, String scope) {
        return new JWTClaimsSet.Builder().issuer(TestSecurity.clinicIssuer()).audience(TestSecurity.AUDIENCE)
                .subject(client).claim("client_id", client).claim("scope", scope).jwtID(UUID.randomUUID().toString());
    }

    static String clinic(JWTClaimsSet claims) {
        return TestSecurity.sign(TestSecurity.CLINIC_KEY, JWSAlgorithm.RS256, claims);
    }

    String ours(JWTClaimsSet claims) {
        return TestSecurity.sign(signingKey, JWSAlgorithm.RS256, claims);
    }

    static RSAKey randomKid(RSAKey key) {
        return new RSAKey.Builder(key).keyID(UUID.randomUUID().toString()).build();
    }

    JWTClaimsSet assertionClaims(String jti, Instant exp, String audience) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(TestSecurity.JWT_PARTNER).subject(TestSecurity.JWT_PARTNER)
                .audience(audience).issueTime(new Date()).expirationTime(Date.from(exp));
        if (jti != null) {
            claims.jwtID(jti);
        }
        return claims.build();
    }

    static String assertionForm(RSAKey key, JWTClaimsSet claims) {
        return Tokens.form("grant_type", "client_credentials", "scope", "system/*.rs",
                "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion", TestSecurity.sign(key, JWSAlgorithm.RS384, claims), "client_id", TestSecurity.JWT_PARTNER);
    }

    String create(org.hl7.fhir.instance.model.api.IBaseResource resource) throws Exception {
        String type = SecurityMatrixH2IT.FHIR.getResourceType(resource);
        HttpResponse<String> response = send("POST", "/fhir/" + type, Tokens.dev(port), SecurityMatrixH2IT.encode(resource));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body()).path("id").asText();
    }

    HttpResponse<String> send(String method, String path, String token) throws Exception {
        return send(method, path, token, null);
    }

    HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
                .header("Accept", path.startsWith("/fhir") ? FHIR_JSON : "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", FHIR_JSON);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static List<String> fieldNames(String json) throws Exception {
        List<String> names = new ArrayList<>();
        JSON.readTree(json).fieldNames().forEachRemaining(names::add);
        return names;
    }

    double prometheusCounter(String reason) throws Exception {
        String body = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/actuator/prometheus")).header("Accept", "text/plain")
                .header("Authorization", "Bearer " + Tokens.dev(port)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher value = Pattern.compile("(?m)^kap_security_unauthenticated_total\\{[^}]*reason=\"" + reason + "\"[^}]*} (\\S+)$").matcher(body);
        assertThat(value.find()).as("kap_security_unauthenticated_total in the scrape").isTrue();
        return Double.parseDouble(value.group(1));
    }

    List<AuditEvent> unauthenticatedRows() {
        return audits(e -> SecurityMatrixH2IT.isDenial(e, 401) && e.getSubtypeFirstRep().getCode().equals("unauthenticated"));
    }

    static java.util.Set<String> ids(List<AuditEvent> events) {
        return events.stream().map(e -> e.getIdElement().getIdPart()).collect(java.util.stream.Collectors.toSet());
    }

    static List<AuditEvent> newer(List<AuditEvent> events, java.util.Set<String> earlier) {
        return events.stream().filter(e -> !earlier.contains(e.getIdElement().getIdPart())).toList();
    }

    static String detail(AuditEvent event, String type) {
        return event.getEntityFirstRep().getDetail().stream().filter(d -> type.equals(d.getType()))
                .map(d -> d.getValue().primitiveValue()).findFirst().orElse("0");
    }

    List<AuditEvent> audits(Predicate<AuditEvent> matching) {
        return auditLog.search(AuditSearch.all()).stream().filter(matching).toList();
    }
}
