package org.kaphub.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Substance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kaphub.support.Tokens;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The FHIR REST API as partners use it, over real HTTP; run once per database. */
abstract class FhirApiContract {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FHIR_JSON = "application/fhir+json";

    @LocalServerPort
    int port;

    IGenericClient client;
    String token;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void connect() {
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        token = Tokens.dev(port);
        client = FHIR.newRestfulGenericClient(base());
        client.registerInterceptor(new BearerTokenAuthInterceptor(token));
    }

    String base() {
        return "http://127.0.0.1:" + port + "/fhir";
    }

    @Test
    void metadataNamesKapHubAndR4() {
        CapabilityStatement capabilities = client.capabilities().ofType(CapabilityStatement.class).execute();
        assertThat(capabilities.getFhirVersion().toCode()).isEqualTo("4.0.1");
        assertThat(capabilities.getSoftware().getName()).isEqualTo("KAP Hub");
        assertThat(capabilities.getSoftware().getVersion()).isNotBlank();
    }

    @Test
    void createdPatientIsReadBackAndFoundByIdentifier() {
        String mrn = UUID.randomUUID().toString();
        Patient patient = patient(mrn, "Okafor");
        MethodOutcome created = client.create().resource(patient).execute();
        assertThat(created.getCreated()).isTrue();

        Patient read = client.read().resource(Patient.class).withId(created.getId().getIdPart()).execute();
        assertThat(read.getNameFirstRep().getFamily()).isEqualTo("Okafor");
        assertThat(read.getMeta().getVersionId()).isEqualTo("1");

        Bundle found = client.search().forResource(Patient.class)
                .where(Patient.IDENTIFIER.exactly().systemAndCode("urn:kaphub:test", mrn))
                .returnBundle(Bundle.class).execute();
        assertThat(found.getEntry()).hasSize(1);
        assertThat(found.getEntryFirstRep().getResource().getIdElement().getIdPart()).isEqualTo(created.getId().getIdPart());
    }

    @Test
    void malformedJsonIsAnswered400WithOperationOutcome() throws Exception {
        HttpResponse<String> response = post("Patient", "{\"resourceType\": \"Patient\", \"name\": [", FHIR_JSON);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("resourceType").asText()).isEqualTo("OperationOutcome");
    }

    @Test
    void unknownElementIsRefusedNotSilentlyDropped() throws Exception {
        HttpResponse<String> response = post("Patient", "{\"resourceType\":\"Patient\",\"ketamineDose\":\"0.5\"}", FHIR_JSON);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(response.body()).contains("ketamineDose");
    }

    @Test
    void staleIfMatchIsAnswered412() throws Exception {
        MethodOutcome created = client.create().resource(patient(UUID.randomUUID().toString(), "Lindqvist")).execute();
        String id = created.getId().getIdPart();
        String body = FHIR.newJsonParser().encodeResourceToString(patient(UUID.randomUUID().toString(), "Lindqvist").setId(id));

        HttpResponse<String> current = put("Patient/" + id, body, "W/\"1\"");
        assertThat(current.statusCode()).isEqualTo(200);
        HttpResponse<String> stale = put("Patient/" + id, body, "W/\"1\"");
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(JSON.readTree(stale.body()).path("resourceType").asText()).isEqualTo("OperationOutcome");
    }

    @Test
    void unsupportedMediaTypeIsAnswered415() throws Exception {
        HttpResponse<String> response = post("Patient", "name=Smith", "text/plain");
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(JSON.readTree(response.body()).path("resourceType").asText()).isEqualTo("OperationOutcome");
    }

    @Test
    void unknownResourceTypeIsAnswered404() throws Exception {
        HttpResponse<String> response = get("Ketamine/1");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body()).path("resourceType").asText()).isEqualTo("OperationOutcome");
    }

    @Test
    void tokenSearchWithRawPipeIsAccepted() throws Exception {
        // java.net.URI refuses a raw '|', but many partner clients send one; HttpURLConnection sends it as is.
        var connection = (java.net.HttpURLConnection) new java.net.URL(base() + "/Patient?identifier=urn:kaphub:test|no-such-mrn")
                .openConnection();
        connection.setRequestProperty("Accept", FHIR_JSON);
        connection.setRequestProperty("Authorization", "Bearer " + token);
        assertThat(connection.getResponseCode()).isEqualTo(200);
        try (var body = connection.getInputStream()) {
            assertThat(JSON.readTree(body).path("type").asText()).isEqualTo("searchset");
        }
    }

    @Test
    void fourByteCharactersAreStoredAndSearchable() {
        // Names in any script and emoji in patient-reported text: utf8mb4 on MariaDB, not utf8mb3.
        String family = "Zoë😀李" + UUID.randomUUID().toString().substring(0, 6);
        MethodOutcome created = client.create().resource(patient(UUID.randomUUID().toString(), family)).execute();
        Patient read = client.read().resource(Patient.class).withId(created.getId().getIdPart()).execute();
        assertThat(read.getNameFirstRep().getFamily()).isEqualTo(family);

        Bundle found = client.search().forResource(Patient.class)
                .where(Patient.FAMILY.matchesExactly().value(family))
                .returnBundle(Bundle.class).execute();
        assertThat(found.getEntry()).hasSize(1);
    }

    @Test
    void parallelFirstCreatesOfATypeAllSucceed() throws Exception {
        // Without the pre-filled HFJ_RESOURCE_TYPE table, simultaneous first writes of a type race on its key.
        int writers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<HttpResponse<String>>> results = new ArrayList<>();
            String body = "{\"resourceType\":\"Substance\",\"code\":{\"text\":\"ketamine hydrochloride\"}}";
            for (int i = 0; i < writers; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return post("Substance", body, FHIR_JSON);
                }));
            }
            start.countDown();
            for (Future<HttpResponse<String>> result : results) {
                assertThat(result.get().statusCode()).isEqualTo(201);
            }
        } finally {
            pool.shutdownNow();
        }
        Bundle all = client.search().forResource(Substance.class).returnBundle(Bundle.class).execute();
        assertThat(all.getEntry()).hasSizeGreaterThanOrEqualTo(writers);
    }

    @Test
    void aBurstOfWritesBeyondTheConnectionPoolIsServedNotStalled() throws Exception {
        // More simultaneous writes than database connections, all served. A write that takes a second connection
        // while holding one (HAPI's id generator tables on MariaDB did, until db/MariaDbSequences) lets a burst hold
        // the whole pool and fail after its 30 s time-out: with Tomcat 200 / pool 20, 44 of 64 answered 500.
        int writers = 64;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        String run = UUID.randomUUID().toString().substring(0, 8);
        try {
            List<Future<HttpResponse<String>>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String body = "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"urn:kaphub:test:burst\","
                        + "\"value\":\"" + run + "-" + i + "\"}],\"name\":[{\"family\":\"Burst\"}]}";
                results.add(pool.submit(() -> {
                    start.await();
                    return post("Patient", body, FHIR_JSON);
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<HttpResponse<String>> result : results) {
                statuses.add(result.get().statusCode());
            }
            assertThat(statuses).as("answers to %d simultaneous creates", writers).containsOnly(201);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void openApiDescribesTheFhirApi() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base() + "/api-docs"))
                        .header("Accept", "application/json").header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        // HAPI serves the document as YAML
        assertThat(response.body()).startsWith("openapi: 3.").contains("\n  /Patient:");
    }

    static Patient patient(String mrn, String family) {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem("urn:kaphub:test").setValue(mrn);
        patient.addName().setFamily(family).addGiven("Test");
        patient.setGender(Enumerations.AdministrativeGender.FEMALE);
        return patient;
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + "/" + path)).header("Accept", FHIR_JSON)
                        .header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body, String contentType) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + "/" + path))
                        .header("Content-Type", contentType).header("Accept", FHIR_JSON).header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> put(String path, String body, String ifMatch) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + "/" + path))
                        .header("Content-Type", FHIR_JSON).header("Accept", FHIR_JSON).header("If-Match", ifMatch)
                        .header("Authorization", "Bearer " + token)
                        .PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
