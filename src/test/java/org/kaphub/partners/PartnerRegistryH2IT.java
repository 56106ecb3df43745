package org.kaphub.partners;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.kaphub.support.KapIntegrationTest;
import org.kaphub.support.TestPartner;
import org.kaphub.support.TestSecurity;
import org.kaphub.support.Tokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry file of the running application: in KAP Hub's tables, its organisations as Organization resources,
 * and reloaded when it changes — a new client gets a token, an invalid edit is refused while the registry in force
 * keeps working, a disabled partner's client gets no token and its tokens stop working. The reload test edits the
 * shared context's file: it only adds and removes partners {@code test-reload} and {@code test-reload-org}, which no
 * other test uses, and puts the file back as it found it.
 */
@KapIntegrationTest
class PartnerRegistryH2IT {

    static final String RELOADED = "test-reload";
    /** Added beside it, organisation-limited: its organisation is created when the registry reloads. */
    static final String RELOADED_LIMITED = "test-reload-org";
    static final String RELOADED_ORG = "org-reload";
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;
    @Value("${kap.partners.file}")
    Path file;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DaoRegistry daos;
    @Autowired
    FilePartnerRegistry registry;
    @Autowired
    PartnersHealth health;

    @Test
    void theTablesHoldThePartnersOfTheFile() {
        List<String> expected = TestSecurity.partners().stream().map(TestPartner::id).toList();
        assertThat(jdbc.sql("SELECT ID FROM KAP_PARTNER").query(String.class).list()).containsAll(expected)
                .doesNotContain(TestSecurity.DEV_CLIENT); // the built-in development partner is not the file's
        assertThat(jdbc.sql("SELECT VAL FROM KAP_PARTNER_VALUE WHERE PARTNER_ID = ? AND LIST_NAME = 'ORGANIZATION'")
                .param(TestSecurity.ORG_SOUTH_LIMITED).query(String.class).list()).containsExactly(TestSecurity.ORG_SOUTH);
        assertThat(jdbc.sql("SELECT VAL FROM KAP_PARTNER_VALUE WHERE PARTNER_ID = ? AND LIST_NAME = 'RESOURCE_TYPE'")
                .param(TestSecurity.TYPES_LIMITED).query(String.class).list()).containsExactlyInAnyOrder("Patient", "Observation");
        assertThat(jdbc.sql("SELECT PART2 FROM KAP_PARTNER WHERE ID = ?").param(TestSecurity.PART2).query(Boolean.class).single()).isTrue();
        assertThat(jdbc.sql("SELECT SCOPE FROM KAP_PARTNER_CLIENT_SCOPE WHERE CLIENT_ID = ?").param(TestSecurity.MEDS)
                .query(String.class).list()).containsExactly("system/MedicationAdministration.cruds");
        assertThat(jdbc.sql("SELECT JWKS_URI FROM KAP_PARTNER_CLIENT WHERE CLIENT_ID = ?").param(TestSecurity.JWT_PARTNER)
                .query(String.class).single()).endsWith("/partner/jwks");
        assertThat(jdbc.sql("SELECT SUBJECT FROM KAP_PARTNER_CERTIFICATE WHERE PARTNER_ID = ?").param(TestSecurity.MLLP_PARTNER)
                .query(String.class).list()).hasSize(1);
        assertThat(jdbc.sql("SELECT CONCAT(NAMESPACE_ID, '=', SYSTEM_URI) FROM KAP_PARTNER_NAMESPACE WHERE PARTNER_ID = ?")
                .param(TestSecurity.HL7_MAPLE).query(String.class).list())
                .containsExactly(TestSecurity.HL7_MAPLE_CONFIGURED_NAMESPACE + "=" + TestSecurity.HL7_MAPLE_CONFIGURED_SYSTEM);
    }

    @Test
    void everyOrganisationOfTheRegistryExistsSoALimitedPartnerWorksWithoutSetUp() throws Exception {
        for (String id : List.of(TestSecurity.ORG, TestSecurity.ORG_SOUTH, TestSecurity.NEW_ORG)) {
            assertThat(organization(id)).as(id).isNotNull();
        }
        // org-south is used by no other test that could rename it: it carries its partner's name
        assertThat(organization(TestSecurity.ORG_SOUTH).getName()).isEqualTo("Test partner " + TestSecurity.ORG_SOUTH_LIMITED);
        String token = Tokens.forClient(port, TestSecurity.ORG_SOUTH_LIMITED, TestSecurity.SECRET, null);
        Patient patient = new Patient().setManagingOrganization(new Reference("Organization/" + TestSecurity.ORG_SOUTH));
        patient.addName().setFamily("Southerly");
        HttpResponse<String> created = send("POST", "/fhir/Patient", token, FhirContext.forR4Cached().newJsonParser().encodeResourceToString(patient));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    @Test
    void aChangedFileIsInForceAtOnceAnInvalidOneIsRefusedAndADisabledPartnerIsLockedOut() throws Exception {
        List<TestPartner> original = TestSecurity.partners();
        try {
            // a new partner: its client gets a token, its organisation exists, the tables follow
            TestSecurity.writePartners(file, with(original, TestPartner.of(RELOADED, "system/Patient.rs"),
                    TestPartner.of(RELOADED_LIMITED, "system/*.cruds").organizations(RELOADED_ORG)));
            awaitTrue(() -> tokenRequest(RELOADED).statusCode() == 200, "the new client gets a token");
            String token = accessToken(tokenRequest(RELOADED));
            assertThat(send("GET", "/fhir/Patient?_count=1", token, null).statusCode()).isEqualTo(200);
            assertThat(organization(RELOADED_ORG)).isNotNull();
            assertThat(jdbc.sql("SELECT NAME FROM KAP_PARTNER WHERE ID = ?").param(RELOADED).query(String.class).single())
                    .isEqualTo("Test partner " + RELOADED);

            // an invalid edit (a misspelt kind) is refused, naming file and line; the registry in force stays
            String invalid = TestPartner.file(with(original, TestPartner.of(RELOADED, "system/Patient.rs").disabled()))
                    .replace("kind: clinic\n    part2: false\n    enabled: false",
                    "kind: clinik\n    part2: false\n    enabled: false");
            assertThat(invalid).contains("clinik");
            Path temp = file.resolveSibling("partners.tmp");
            Files.writeString(temp, invalid);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            awaitTrue(() -> registry.lastError().isPresent(), "the invalid file is refused");
            assertThat(registry.lastError().orElseThrow()).contains(file.toString()).contains("unknown kind 'clinik'")
                    .matches(".*partners\\.yaml:\\d+: .*").doesNotContain(TestSecurity.SECRET);
            assertThat(health.health().getDetails().get("lastError")).asString().contains("unknown kind 'clinik'");
            assertThat(health.health().getStatus().getCode()).isEqualTo("UP"); // the registry in force still serves
            assertThat(tokenRequest(RELOADED).statusCode()).isEqualTo(200);
            assertThat(send("GET", "/fhir/Patient?_count=1", token, null).statusCode()).isEqualTo(200);
            assertThat(jdbc.sql("SELECT ENABLED FROM KAP_PARTNER WHERE ID = ?").param(RELOADED).query(Boolean.class).single()).isTrue();

            // disabled: no token for its client, and the token it holds stops working at once
            TestSecurity.writePartners(file, with(original, TestPartner.of(RELOADED, "system/Patient.rs").disabled()));
            awaitTrue(() -> tokenRequest(RELOADED).statusCode() == 401, "the disabled partner's client gets no token");
            HttpResponse<String> refused = send("GET", "/fhir/Patient?_count=1", token, null);
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(registry.lastError()).isEmpty();
            // everyone else is unaffected
            assertThat(tokenRequest(TestSecurity.READER).statusCode()).isEqualTo(200);
        } finally {
            TestSecurity.writePartners(file, original);
            awaitTrue(() -> registry.anyByClientId(RELOADED).isEmpty() && registry.anyByClientId(RELOADED_LIMITED).isEmpty(),
                    "the file is back as it was");
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM KAP_PARTNER WHERE ID IN (?, ?)").params(RELOADED, RELOADED_LIMITED)
                .query(Integer.class).single()).isZero();
    }

    private static List<TestPartner> with(List<TestPartner> partners, TestPartner... extra) {
        List<TestPartner> all = new ArrayList<>(partners);
        all.addAll(List.of(extra));
        return all;
    }

    private Organization organization(String id) {
        return daos.getResourceDao(Organization.class).read(new IdType("Organization", id), new SystemRequestDetails());
    }

    private HttpResponse<String> tokenRequest(String client) {
        return Tokens.request(port, Tokens.form("grant_type", "client_credentials"), "Basic "
                + Base64.getEncoder().encodeToString((client + ":" + TestSecurity.SECRET).getBytes(StandardCharsets.UTF_8)));
    }

    private static String accessToken(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).path("access_token").asText();
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/fhir+json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/fhir+json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The registry is checked every second in the tests: waits up to 20 s. */
    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
