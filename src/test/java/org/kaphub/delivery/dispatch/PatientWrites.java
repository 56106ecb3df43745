package org.kaphub.delivery.dispatch;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.kaphub.support.PartnerSimulator;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One patient's records as the delivery process tests write them over REST, in order: the Patient, then
 * {@code observations} heart-rate Observations (vital signs: they travel), then new versions of the first
 * {@code updates} of them. Each write is a conditional update on the record's identifier, so a write cut off by a
 * kill can be sent again as it was ("nothing written twice"). An Observation carries its own version number in its
 * value ({@value #VALUE_BASE} + version), so the receiver shows which version of it arrived.
 */
final class PatientWrites {

    static final String PATIENTS = "urn:kaphub:test:delivery-process:patient";
    static final String OBSERVATIONS = "urn:kaphub:test:delivery-process:observation";
    static final int VALUE_BASE = 60;

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One write: the record's identifier value and the version of it written. */
    record Write(String type, String key, int version) {
    }

    private final String patientKey;
    private final List<Write> writes = new ArrayList<>();
    private volatile int next;
    private volatile String patientId;

    PatientWrites(String run, int patient, int observations, int updates) {
        this.patientKey = run + "-p" + patient;
        writes.add(new Write("Patient", patientKey, 1));
        for (int o = 1; o <= observations; o++) {
            writes.add(new Write("Observation", observationKey(o), 1));
        }
        for (int o = 1; o <= updates; o++) {
            writes.add(new Write("Observation", observationKey(o), 2));
        }
    }

    String patientKey() {
        return patientKey;
    }

    private String observationKey(int o) {
        return patientKey + "-o" + o;
    }

    List<Write> writes() {
        return List.copyOf(writes);
    }

    /** The records of this patient (identifier values) in the order they were first written: Patient first. */
    List<String> keysInWriteOrder() {
        return writes.stream().map(Write::key).distinct().toList();
    }

    /** The last version written of each record. */
    Map<String, Integer> lastVersions() {
        Map<String, Integer> last = new LinkedHashMap<>();
        writes.forEach(write -> last.put(write.key(), write.version()));
        return last;
    }

    boolean done() {
        return next >= writes.size();
    }

    /**
     * Writes what is not yet confirmed, in order, to the servers given (write {@code i} to {@code servers[i % n]});
     * stops at the first write without an answer (the server died: the same write is sent again by the next call).
     *
     * @return whether every write is confirmed
     */
    boolean writeRest(List<String> bases, List<String> tokens) {
        while (!done()) {
            int i = next;
            Write write = writes.get(i);
            String base = bases.get(i % bases.size());
            String token = tokens.get(i % tokens.size());
            try {
                String id = put(base, token, write);
                if (write.type().equals("Patient")) {
                    patientId = id;
                }
                next = i + 1;
            } catch (IOException | InterruptedException noAnswer) {
                return false;
            }
        }
        return true;
    }

    private String put(String base, String token, Write write) throws IOException, InterruptedException {
        Resource resource = write.type().equals("Patient") ? patient() : observation(write);
        Identifier identifier = (Identifier) resource.getNamedProperty("identifier").getValues().get(0);
        String url = base + "/fhir/" + write.type() + "?identifier="
                + URLEncoder.encode(identifier.getSystem() + "|" + identifier.getValue(), StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/fhir+json").header("Accept", "application/fhir+json")
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(120))
                .PUT(HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(resource)))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("PUT " + write.type() + ": " + response.body()).isIn(200, 201);
        return JSON.readTree(response.body()).path("id").asText();
    }

    private Patient patient() {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem(PATIENTS).setValue(patientKey);
        patient.addName().setFamily("Delivery").addGiven("Process");
        return patient;
    }

    private Observation observation(Write write) {
        Observation observation = new Observation();
        observation.addIdentifier().setSystem(OBSERVATIONS).setValue(write.key());
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.addCategory().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/observation-category")
                .setCode("vital-signs");
        observation.getCode().addCoding().setSystem("http://loinc.org").setCode("8867-4").setDisplay("Heart rate");
        observation.setSubject(new Reference("Patient/" + patientId));
        observation.setEffective(new DateTimeType("2025-03-06T10:40:00Z"));
        observation.setValue(new Quantity().setValue(VALUE_BASE + write.version()).setUnit("/min")
                .setSystem("http://unitsofmeasure.org").setCode("/min"));
        return observation;
    }

    // --- what the receiver holds

    /** The identifier value a resource the receiver applied is known by (of the systems above); null for others. */
    static String key(Resource applied) {
        if (applied instanceof Patient patient) {
            return patient.getIdentifier().stream().filter(i -> PATIENTS.equals(i.getSystem())).map(Identifier::getValue)
                    .findFirst().orElse(null);
        }
        if (applied instanceof Observation observation) {
            return observation.getIdentifier().stream().filter(i -> OBSERVATIONS.equals(i.getSystem()))
                    .map(Identifier::getValue).findFirst().orElse(null);
        }
        return null;
    }

    /** The version of our record a resource the receiver applied carries (a Patient has one version). */
    static int version(Resource applied) {
        return applied instanceof Observation observation
                ? observation.getValueQuantity().getValue().intValue() - VALUE_BASE : 1;
    }

    /** The patient key a record key belongs to ({@code <run>-p<n>} of {@code <run>-p<n>-o<m>}). */
    static String patientOf(String key) {
        int observation = key.lastIndexOf("-o");
        return observation < 0 ? key : key.substring(0, observation);
    }

    /** The record as the receiver stores it now, by its identifier value. */
    static PartnerSimulator.Stored stored(PartnerSimulator.Receiver receiver, String key) {
        return key.equals(patientOf(key)) ? receiver.stored("Patient", PATIENTS, key)
                : receiver.stored("Observation", OBSERVATIONS, key);
    }
}
