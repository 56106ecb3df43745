package org.kaphub.security;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kaphub.support.KapIntegrationTest;
import org.kaphub.support.TestSecurity;
import org.kaphub.support.Tokens;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gate in front of the access rules and the write rules behind them, over real HTTP, one case per hole of the
 * issue's classes 2 (operations), 4 (search terms as oracles), 5 (writes crossing organisations, PATCH) and 6 (shared
 * definitions). The limited client is {@code test-org} (system/*.cruds, patients of org-north); the other clinic's
 * records (org-south) are made by the development client. Each refusal asserts its exact status and that nothing of
 * the hidden record is in the body; each oracle case that the answer is the same whether the hidden data matches or not.
 */
@KapIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessGateMatrixH2IT {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String FHIR_JSON = "application/fhir+json";
    static final String SOUTH = TestSecurity.ORG_SOUTH;
    static final String MARKS = "urn:kap-test:gate";
    static final String ABSENT_ID = "no-such-record-0";

    @LocalServerPort
    int port;

    String run;
    String southName;
    String southIdentifier;
    String southPatient;
    String southAdministration;
    String southObservation;
    String southLot;
    String northName;
    String northPatient;
    String northAdministration;
    /** Part 2 labelled, about the north patient: hidden from test-org (no Part 2 grant), refers to its patient. */
    String northPart2Observation;
    String marker;

    @BeforeAll
    void twoClinics() throws Exception {
        run = UUID.randomUUID().toString().substring(0, 8);
        // Organization/org-north and org-south exist: the registry creates them, and only the registry changes them
        southName = "Southerly" + run;
        southIdentifier = "south-" + run;
        Patient south = SecurityMatrixH2IT.patient(southName, SOUTH);
        south.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1961-04-17"));
        south.addIdentifier().setSystem(MARKS).setValue(southIdentifier);
        southPatient = create(dev(), south);
        southLot = "LOTS" + run;
        southAdministration = created(send("POST", "MedicationAdministration", dev(), esketamine(southPatient, southLot, 84)));
        marker = "marker-" + run;
        Observation observation = SecurityMatrixH2IT.observation(southPatient, false);
        observation.getCode().addCoding().setSystem(MARKS).setCode(marker);
        southObservation = create(dev(), observation);

        northName = "Northerly" + run;
        northPatient = create(dev(), SecurityMatrixH2IT.patient(northName, TestSecurity.ORG));
        northAdministration = created(send("POST", "MedicationAdministration", dev(), esketamine(northPatient, "LOTN" + run, 56)));
        northPart2Observation = create(dev(), SecurityMatrixH2IT.observation(northPatient, true));
    }

    // ---- class 2: operations ----

    @Test
    void remsReportOfAnotherOrganisationsAdministrationAnswersExactlyLikeAnAbsentOne() throws Exception {
        HttpResponse<String> hidden = send("GET", "MedicationAdministration/" + southAdministration + "/$rems-report", org(), null);
        HttpResponse<String> absent = send("GET", "MedicationAdministration/" + ABSENT_ID + "/$rems-report", org(), null);
        assertThat(hidden.statusCode()).as(hidden.body()).isEqualTo(404);
        assertSameAnswer(hidden, southAdministration, absent, ABSENT_ID);
        assertNothingOfTheSouthPatient(hidden);
    }

    @Test
    void remsReportNeedsReadOnEverythingItReadsOrReturns() throws Exception {
        for (String client : List.of(TestSecurity.MEDS, TestSecurity.TYPES_LIMITED)) {
            HttpResponse<String> existing = send("GET", "MedicationAdministration/" + southAdministration + "/$rems-report", token(client), null);
            HttpResponse<String> absent = send("GET", "MedicationAdministration/" + ABSENT_ID + "/$rems-report", token(client), null);
            assertThat(existing.statusCode()).as(client + ": " + existing.body()).isEqualTo(403);
            assertThat(existing.body()).isEqualTo(absent.body());
            assertNothingOfTheSouthPatient(existing);
        }
    }

    @Test
    void remsReportForAPatientTokenOfAnotherPatientAnswersLikeAnAbsentOneAndWorksForItsOwnPatient() throws Exception {
        String token = SecurityMatrixH2IT.clinicToken(TestSecurity.CLINIC_KEY, TestSecurity.AUDIENCE, "patient/*.rs", northPatient, null);
        HttpResponse<String> hidden = send("GET", "MedicationAdministration/" + southAdministration + "/$rems-report", token, null);
        HttpResponse<String> absent = send("GET", "MedicationAdministration/" + ABSENT_ID + "/$rems-report", token, null);
        assertThat(hidden.statusCode()).as(hidden.body()).isEqualTo(404);
        assertSameAnswer(hidden, southAdministration, absent, ABSENT_ID);
        assertNothingOfTheSouthPatient(hidden);

        HttpResponse<String> own = send("GET", "MedicationAdministration/" + northAdministration + "/$rems-report", token, null);
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(own.body()).contains(northName);
    }

    @Test
    void remsReportWorksForTheOrganisationsOwnAdministration() throws Exception {
        HttpResponse<String> own = send("GET", "MedicationAdministration/" + northAdministration + "/$rems-report", org(), null);
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(own.body()).contains(northName).contains("LOTN" + run).doesNotContain(southName);
    }

    @Test
    void validateDeleteOfAnotherOrganisationsRecordAnswersLikeAnAbsentOneAndNamesNothing() throws Exception {
        HttpResponse<String> hidden = send("POST", "Patient/" + southPatient + "/$validate?mode=delete", org(), null);
        HttpResponse<String> absent = send("POST", "Patient/" + ABSENT_ID + "/$validate?mode=delete", org(), null);
        assertThat(hidden.statusCode()).as(hidden.body()).isEqualTo(404);
        assertSameAnswer(hidden, southPatient, absent, ABSENT_ID);
        assertThat(hidden.body()).doesNotContain(southAdministration).doesNotContain(southObservation);
        // the same for a mode=update and a plain instance validation
        for (String mode : List.of("?mode=update", "")) {
            String body = mode.isEmpty() ? null : encode(SecurityMatrixH2IT.patient("Rewritten", SOUTH).setId(southPatient));
            HttpResponse<String> other = send("POST", "Patient/" + southPatient + "/$validate" + mode, org(), body);
            assertThat(other.statusCode()).as(mode + ": " + other.body()).isEqualTo(404);
            assertThat(other.body()).doesNotContain(southName);
        }
    }

    @Test
    void deleteConflictsNameNoRecordToALimitedClient() throws Exception {
        // the north patient is referred to by its administration and by a Part 2 Observation test-org cannot see
        for (HttpResponse<String> conflict : List.of(
                send("POST", "Patient/" + northPatient + "/$validate?mode=delete", org(), null),
                send("DELETE", "Patient/" + northPatient, org(), null))) {
            assertThat(conflict.statusCode()).as(conflict.body()).isEqualTo(409);
            assertThat(conflict.body()).contains("Patient/" + northPatient)
                    .doesNotContain(northPart2Observation).doesNotContain(northAdministration);
        }
        // the development client sees every record: HAPI's own answer, naming the first one that refers to it
        HttpResponse<String> dev = send("POST", "Patient/" + northPatient + "/$validate?mode=delete", dev(), null);
        assertThat(dev.statusCode()).isEqualTo(409);
        assertThat(dev.body()).contains("First reference found");
    }

    @Test
    void validateOnlyForWhatTheClientCouldDoForReal() throws Exception {
        String patient = encode(SecurityMatrixH2IT.patient("Validated", null));
        assertThat(send("POST", "Patient/$validate", token(TestSecurity.READER), patient).statusCode()).isEqualTo(200);
        assertThat(send("POST", "Patient/$validate?mode=create", token(TestSecurity.READER), patient).statusCode()).isEqualTo(403);
        assertThat(send("POST", "Patient/$validate?mode=create", org(), patient).statusCode()).isEqualTo(200);
        // a create about another organisation's patient would be refused, so its validation is too
        String foreign = encode(SecurityMatrixH2IT.observation(southPatient, false));
        HttpResponse<String> refused = send("POST", "Observation/$validate?mode=create", org(), foreign);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain(southName);
        assertThat(send("POST", "Observation/$validate?mode=create", org(),
                encode(SecurityMatrixH2IT.observation(northPatient, false))).statusCode()).isEqualTo(200);
        // update: only a client that may update that record
        String north = encode(SecurityMatrixH2IT.patient(northName, TestSecurity.ORG).setId(northPatient));
        assertThat(send("POST", "Patient/" + northPatient + "/$validate?mode=update", org(), north).statusCode()).isEqualTo(200);
        assertThat(send("POST", "Patient/" + northPatient + "/$validate?mode=update", token(TestSecurity.READER), north).statusCode())
                .isEqualTo(403);
        assertThat(send("POST", "Patient/" + northPatient + "/$validate?mode=delete", token(TestSecurity.READER), null).statusCode())
                .isEqualTo(403);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "GET,  Patient/{north}/$meta",
            "POST, Patient/{north}/$meta-delete",
            "POST, Patient/{north}/$meta-add",
            "GET,  Patient/{north}/$everything",
            "GET,  Patient/$everything",
            "POST, Patient/{north}/$expunge",
            "GET,  $meta",
            "POST, $expunge",
            "GET,  Observation/$lastn",
    })
    void operationsWithoutARuleAreRefusedForEveryone(String method, String path) throws Exception {
        String url = path.replace("{north}", northPatient);
        String body = "POST".equals(method) ? "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"meta\",\"valueMeta\":"
                + "{\"security\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"ETH\"}]}}]}" : null;
        for (String token : List.of(dev(), org())) {
            HttpResponse<String> response = send(method, url, token, body);
            assertThat(response.statusCode()).as(method + " " + url + ": " + response.body()).isEqualTo(403);
            assertThat(JSON.readTree(response.body()).path("resourceType").asText()).isEqualTo("OperationOutcome");
            assertThat(response.body()).doesNotContain(northName);
        }
    }

    @Test
    void aRefusedMetaDeleteLeavesTheLabelsInPlace() throws Exception {
        String body = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"meta\",\"valueMeta\":{\"security\":"
                + "[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"ETH\"}]}}]}";
        assertThat(send("POST", "Observation/" + northPart2Observation + "/$meta-delete", dev(), body).statusCode()).isEqualTo(403);
        HttpResponse<String> stored = send("GET", "Observation/" + northPart2Observation, dev(), null);
        assertThat(stored.body()).contains("\"ETH\"");
        assertThat(send("GET", "Observation/" + northPart2Observation, org(), null).statusCode()).isEqualTo(404);
    }

    @Test
    void operationsInsideABatchOrTransactionAreRefused() throws Exception {
        for (String type : List.of("batch", "transaction")) {
            String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"" + type + "\",\"entry\":[{\"request\":{\"method\":\"GET\","
                    + "\"url\":\"MedicationAdministration/" + southAdministration + "/$rems-report\"}}]}";
            HttpResponse<String> response = send("POST", "", org(), bundle);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertNothingOfTheSouthPatient(response);
        }
    }

    @Test
    void theCapabilityStatementListsOnlyTheOfferedOperations() throws Exception {
        JsonNode rest = JSON.readTree(send("GET", "metadata", null, null).body()).path("rest").get(0);
        List<String> operations = new java.util.ArrayList<>();
        rest.path("operation").forEach(o -> operations.add(o.path("name").asText()));
        rest.path("resource").forEach(r -> r.path("operation").forEach(o -> operations.add(o.path("name").asText())));
        assertThat(operations).contains("validate", "rems-report").allMatch(o -> o.equals("validate") || o.equals("rems-report"));
    }

    // ---- class 4: search terms as oracles ----

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = ';', value = {
            // client;     search, {v} the probe value;                                     value that matches; value that does not
            "test-org;     Patient?_has:Observation:subject:code={v};                        urn:kap-test:gate|{marker}; urn:kap-test:gate|nothing",
            "test-reader;  Patient?_has:Observation:subject:code={v};                        urn:kap-test:gate|{marker}; urn:kap-test:gate|nothing",
            "test-org;     Observation?subject.name={v};                                      {south};                    Nobodyelse",
            "test-org;     Observation?subject:Patient.birthdate={v};                         1961-04-17;                 1900-01-01",
            "test-meds;    MedicationAdministration?subject.family={v};                      {south};                    Nobodyelse",
            "test-types;   Observation?focus:Patient.name={v};                               {south};                    Nobodyelse",
            "test-org;     Observation?_sort=subject.birthdate&code={v};                     urn:kap-test:gate|{marker}; urn:kap-test:gate|nothing",
            "test-org;     Patient?_tag={v};                                                  org-south;                  org-nowhere",
            "test-org;     Patient?_tag=https://fhir.kaphub.org/CodeSystem/organization|{v}; org-south;                 org-nowhere",
            // the organisation tag's system before the one canonical base: records may still carry it
            "test-org;     Patient?_tag=https://kaphub.org/fhir/CodeSystem/organization|{v}; org-south;                  org-nowhere",
            "test-reader;  Observation?_security=http://terminology.hl7.org/CodeSystem/v3-ActCode|{v}; ETH;             NOPE",
            "test-org;     Patient?_filter=name eq {v};                                       {south};                    Nobodyelse",
            "test-org;     Patient?_content={v};                                              {south};                    Nobodyelse",
            "test-org;     Patient?_text={v};                                                 {south};                    Nobodyelse",
            "test-org;     Patient?_list={v};                                                 List/1;                     List/2",
    })
    void searchTermsReachingIntoOtherRecordsAreRefusedWhateverTheHiddenDataHolds(String client, String search,
                                                                                  String matching, String notMatching) throws Exception {
        HttpResponse<String> match = send("GET", search(search, matching), token(client), null);
        HttpResponse<String> miss = send("GET", search(search, notMatching), token(client), null);
        assertThat(match.statusCode()).as(match.body()).isEqualTo(403);
        assertThat(match.body()).isEqualTo(miss.body());
        assertThat(JSON.readTree(match.body()).path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertNothingOfTheSouthPatient(match);
        assertThat(match.body()).doesNotContain(marker);
    }

    @Test
    void namedQueriesAreUnknownToEveryone() throws Exception {
        // HAPI answers before any interceptor: this server defines no named query (_query)
        HttpResponse<String> one = send("GET", "Patient?_query=everything", org(), null);
        HttpResponse<String> other = send("GET", "Patient?_query=nothing", org(), null);
        assertThat(one.statusCode()).isEqualTo(400);
        assertThat(one.body()).isEqualTo(other.body());
    }

    @Test
    void clientsWithTheFullViewKeepThem() throws Exception {
        String has = "Patient?_has:Observation:subject:code=" + enc(MARKS + "|" + marker);
        for (String token : List.of(dev(), token(TestSecurity.PART2))) {
            HttpResponse<String> response = send("GET", has, token, null);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).contains(southPatient);
        }
        HttpResponse<String> chain = send("GET", "Observation?subject.name=" + southName, dev(), null);
        assertThat(chain.statusCode()).isEqualTo(200);
        assertThat(chain.body()).contains(southObservation);
    }

    @Test
    void reachingTermsAreRefusedInBundleEntriesAndConditions() throws Exception {
        String chain = "Observation?subject.name=" + southName;
        String batch = "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[{\"request\":{\"method\":\"GET\",\"url\":\""
                + chain + "\"}}]}";
        assertRefusedWithoutLeak(send("POST", "", org(), batch));
        // conditional create, in a request and in a transaction entry
        HttpResponse<String> conditional = sendWith("POST", "Patient", org(), encode(SecurityMatrixH2IT.patient("Conditional", null)),
                "If-None-Exist", "_has:Observation:subject:code=" + MARKS + "|" + marker);
        assertRefusedWithoutLeak(conditional);
        String entry = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":"
                + encode(SecurityMatrixH2IT.patient("Conditional", null)) + ",\"request\":{\"method\":\"POST\",\"url\":\"Patient\","
                + "\"ifNoneExist\":\"_has:Observation:subject:code=" + MARKS + "|" + marker + "\"}}]}";
        assertRefusedWithoutLeak(send("POST", "", org(), entry));
        // conditional update and delete
        assertRefusedWithoutLeak(send("PUT", "Observation?subject.name=" + southName, org(),
                encode(SecurityMatrixH2IT.observation(northPatient, false))));
        assertRefusedWithoutLeak(send("DELETE", "Observation?subject.name=" + southName, org(), null));
        // a search sent as a form (POST _search)
        HttpResponse<String> form = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/fhir/Patient/_search"))
                .header("Accept", FHIR_JSON).header("Authorization", "Bearer " + org())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_has:Observation:subject:code=" + enc(MARKS + "|" + marker))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertRefusedWithoutLeak(form);
    }

    // ---- class 5: writes crossing organisations, PATCH ----

    /** A reference to a name that is no resource type gets HAPI's own 4xx for the limited client too, never a 500. */
    @Test
    void aReferenceToNoResourceTypeIsRefusedAsForAnUnlimitedClient() throws Exception {
        Observation odd = SecurityMatrixH2IT.observation(northPatient, false);
        odd.addPerformer(new Reference("Foo/1"));
        HttpResponse<String> limited = send("POST", "Observation", org(), FHIR.newJsonParser().encodeResourceToString(odd));
        HttpResponse<String> unlimited = send("POST", "Observation", dev(), FHIR.newJsonParser().encodeResourceToString(odd));
        assertThat(unlimited.statusCode()).as(unlimited.body()).isBetween(400, 499);
        assertThat(limited.statusCode()).as(limited.body()).isEqualTo(unlimited.statusCode());
        assertThat(limited.body()).contains("OperationOutcome");
    }

    @Test
    void anObservationAboutAnotherOrganisationsPatientIsRefusedEvenThroughAnotherReference() throws Exception {
        Observation foreign = SecurityMatrixH2IT.observation(southPatient, false);
        foreign.addPerformer(new Reference("Patient/" + northPatient)); // puts it in a north patient's compartment too
        foreign.getCode().addCoding().setSystem(MARKS).setCode("crossing-" + run);
        HttpResponse<String> refused = send("POST", "Observation", org(), encode(foreign));
        Observation dangling = SecurityMatrixH2IT.observation(ABSENT_ID, false);
        dangling.addPerformer(new Reference("Patient/" + northPatient));
        HttpResponse<String> absent = send("POST", "Observation", org(), encode(dangling));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertSameAnswer(refused, southPatient, absent, ABSENT_ID);
        assertNothingOfTheSouthPatient(refused);
        assertThat(count("Observation?code=" + enc(MARKS + "|crossing-" + run))).isZero();
        // a reference into another organisation's records (here its administration) is refused the same way
        Observation partOf = SecurityMatrixH2IT.observation(northPatient, false);
        partOf.addPartOf(new Reference("MedicationAdministration/" + southAdministration));
        assertThat(send("POST", "Observation", org(), encode(partOf)).statusCode()).isEqualTo(403);
        // and its own patients' records are fine
        Observation own = SecurityMatrixH2IT.observation(northPatient, false);
        own.addPartOf(new Reference("MedicationAdministration/" + northAdministration));
        assertThat(send("POST", "Observation", org(), encode(own)).statusCode()).isEqualTo(201);
    }

    @Test
    void theSameInsideATransaction() throws Exception {
        Observation foreign = SecurityMatrixH2IT.observation(southPatient, false);
        foreign.getCode().addCoding().setSystem(MARKS).setCode("tx-crossing-" + run);
        HttpResponse<String> response = send("POST", "", org(), transaction(entry(null, foreign, "POST", "Observation", null)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertNothingOfTheSouthPatient(response);
        assertThat(count("Observation?code=" + enc(MARKS + "|tx-crossing-" + run))).isZero();
    }

    @Test
    void aTransactionEntryThatWouldMatchAnotherOrganisationsPatientNeverLinksARecordToIt() throws Exception {
        // The Patient entry's condition matches the south patient; the Observation refers to that entry (urn:uuid).
        // No record about the south patient may come of it, and nothing of that patient comes back.
        String patientUrn = "urn:uuid:" + UUID.randomUUID();
        Patient matching = SecurityMatrixH2IT.patient("Anyone" + run, null);
        matching.addIdentifier().setSystem(MARKS).setValue(southIdentifier);
        Observation about = SecurityMatrixH2IT.observation(ABSENT_ID, false);
        about.setSubject(new Reference(patientUrn));
        about.getCode().addCoding().setSystem(MARKS).setCode("urn-crossing-" + run);
        HttpResponse<String> response = send("POST", "", org(), transaction(
                entry(patientUrn, matching, "POST", "Patient", "identifier=" + MARKS + "|" + southIdentifier),
                entry(null, about, "POST", "Observation", null)));
        // the hidden match is no match (the condition is narrowed): a new patient of test-org's organisation
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String created = JSON.readTree(response.body()).path("entry").get(0).path("response").path("location").asText();
        assertThat(FHIR.newJsonParser().parseResource(Patient.class, send("GET", created, dev(), null).body())
                .getManagingOrganization().getReference()).isEqualTo("Organization/" + TestSecurity.ORG);
        // (the identifier is the client's own condition, which HAPI's outcome repeats; nothing else of the patient)
        assertThat(response.body()).doesNotContain(southName).doesNotContain("1961-04-17").doesNotContainPattern("Patient/" + southPatient + "[\"/]");
        assertThat(count("Observation?code=" + enc(MARKS + "|urn-crossing-" + run) + "&subject=Patient/" + southPatient)).isZero();
    }

    @Test
    void aNewPatientInATransactionBelongsToThePartnerAndItsRecordsMayReferToIt() throws Exception {
        String patientUrn = "urn:uuid:" + UUID.randomUUID();
        Observation about = SecurityMatrixH2IT.observation(ABSENT_ID, false);
        about.setSubject(new Reference(patientUrn));
        HttpResponse<String> response = send("POST", "", org(), transaction(
                entry(patientUrn, SecurityMatrixH2IT.patient("Txnew" + run, null), "POST", "Patient", null),
                entry(null, about, "POST", "Observation", null)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String location = JSON.readTree(response.body()).path("entry").get(0).path("response").path("location").asText();
        Patient stored = FHIR.newJsonParser().parseResource(Patient.class, send("GET", location, dev(), null).body());
        assertThat(stored.getManagingOrganization().getReference()).isEqualTo("Organization/" + TestSecurity.ORG);
        // the Observation is stored, about that patient, and the partner reads it back
        String observation = JSON.readTree(response.body()).path("entry").get(1).path("response").path("location").asText()
                .replaceAll("/_history/.*", "");
        for (String token : List.of(dev(), org())) {
            HttpResponse<String> read = send("GET", observation, token, null);
            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
            assertThat(read.body()).contains("\"" + location.replaceAll("/_history/.*", "") + "\"");
        }
        // naming another organisation in a transaction entry is refused
        HttpResponse<String> south = send("POST", "", org(), transaction(
                entry(null, SecurityMatrixH2IT.patient("Txsouth" + run, SOUTH), "POST", "Patient", null)));
        assertThat(south.statusCode()).isEqualTo(403);
        assertThat(count("Patient?family=Txsouth" + run)).isZero();
    }

    @Test
    void aPart2RecordWrittenInATransactionByAClientWithoutTheGrantIsStoredAndThenWithheldFromIt() throws Exception {
        Observation labelled = SecurityMatrixH2IT.observation(northPatient, true);
        HttpResponse<String> response = send("POST", "", org(), transaction(entry(null, labelled, "POST", "Observation", null)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String location = JSON.readTree(response.body()).path("entry").get(0).path("response").path("location").asText()
                .replaceAll("/_history/.*", "");
        HttpResponse<String> stored = send("GET", location, dev(), null);
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
        assertThat(stored.body()).contains("substance use");
        assertThat(send("GET", location, org(), null).statusCode()).isEqualTo(404);
    }

    @Test
    void aPatientWithoutManagingOrganizationGetsThePartnersAndCannotBeMovedOut() throws Exception {
        String id = create(org(), SecurityMatrixH2IT.patient("Defaulted" + run, null));
        assertThat(managingOrganization(id)).isEqualTo("Organization/" + TestSecurity.ORG);
        // an update without managingOrganization keeps it
        HttpResponse<String> update = send("PUT", "Patient/" + id, org(), encode(SecurityMatrixH2IT.patient("Defaulted" + run, null).setId(id)));
        assertThat(update.statusCode()).as(update.body()).isEqualTo(200);
        assertThat(managingOrganization(id)).isEqualTo("Organization/" + TestSecurity.ORG);
        // moving it to another organisation is refused, with the reason
        HttpResponse<String> move = send("PUT", "Patient/" + id, org(), encode(SecurityMatrixH2IT.patient("Defaulted" + run, SOUTH).setId(id)));
        assertThat(move.statusCode()).isEqualTo(403);
        assertThat(move.body()).contains("managingOrganization").contains("Organization/" + SOUTH);
        assertThat(managingOrganization(id)).isEqualTo("Organization/" + TestSecurity.ORG);
        // and so is a new patient of another organisation
        HttpResponse<String> foreign = send("POST", "Patient", org(), encode(SecurityMatrixH2IT.patient("Foreign" + run, SOUTH)));
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).contains("managingOrganization");
        assertThat(count("Patient?family=Foreign" + run)).isZero();
    }

    @Test
    void theRegistrysOrganizationsAreChangedByNoPartnerAndSharedRecordsOnlyByUnlimitedClients() throws Exception {
        // the registry's Organizations: not by an organisation-limited client (its own, another's), not even by kap-dev
        for (String token : List.of(org(), dev())) {
            for (String id : List.of(TestSecurity.ORG, SOUTH)) {
                Organization renamed = new Organization().setName("Taken over " + run);
                renamed.setId(id);
                HttpResponse<String> update = send("PUT", "Organization/" + id, token, encode(renamed));
                assertThat(update.statusCode()).as(update.body()).isEqualTo(403);
                assertThat(update.body()).contains("OperationOutcome").contains("registry");
                HttpResponse<String> delete = send("DELETE", "Organization/" + id, token, null);
                assertThat(delete.statusCode()).as(delete.body()).isEqualTo(403);
                String transaction = transaction(entry(null, null, "DELETE", "Organization/" + id, null));
                assertThat(send("POST", "", token, transaction).statusCode()).isEqualTo(403);
            }
        }
        assertThat(count("Organization?name=" + enc("Taken over " + run))).isZero();
        assertThat(send("GET", "Organization/" + SOUTH, dev(), null).statusCode()).isEqualTo(200);
        // other shared records: a limited client creates them, but changes or deletes none (they belong to no
        // organisation its limit could scope); an unlimited client does
        for (String type : List.of("Practitioner", "Location", "Organization")) {
            String body = "{\"resourceType\":\"" + type + "\",\"name\":" + ("Practitioner".equals(type)
                    ? "[{\"family\":\"Shared" + run + "\"}]" : "\"Shared" + run + "\"") + "}";
            String id = created(send("POST", type, org(), body));
            String changed = body.replace("Shared" + run, "Changed" + run).replace("{\"resourceType\"", "{\"id\":\"" + id + "\",\"resourceType\"");
            HttpResponse<String> update = send("PUT", type + "/" + id, org(), changed);
            assertThat(update.statusCode()).as(type + ": " + update.body()).isEqualTo(403);
            assertThat(update.body()).contains("shared");
            assertThat(send("DELETE", type + "/" + id, org(), null).statusCode()).as(type).isEqualTo(403);
            assertThat(send("PUT", type + "/" + id, token(TestSecurity.ORG_SOUTH_LIMITED), changed).statusCode()).as(type).isEqualTo(403);
            assertThat(send("GET", type + "/" + id, dev(), null).body()).contains("Shared" + run).doesNotContain("Changed" + run);
            assertThat(send("PUT", type + "/" + id, dev(), changed).statusCode()).as(type).isEqualTo(200);
            assertThat(send("DELETE", type + "/" + id, dev(), null).statusCode()).as(type).isIn(200, 204);
        }
    }

    @Test
    void aTransactionDeleteOfAHiddenRecordAnswersExactlyLikeOneOfAnAbsentId() throws Exception {
        for (String type : List.of("transaction", "batch")) {
            String hiddenBundle = bundleOfOneDelete(type, "Observation/" + southObservation);
            String absentBundle = bundleOfOneDelete(type, "Observation/" + ABSENT_ID);
            HttpResponse<String> hidden = send("POST", "", org(), hiddenBundle);
            HttpResponse<String> absent = send("POST", "", org(), absentBundle);
            assertThat(hidden.statusCode()).as(type + ": " + hidden.body()).isEqualTo(200);
            assertThat(JSON.readTree(hidden.body()).path("entry").get(0).path("response").path("status").asText())
                    .as(hidden.body()).startsWith("204");
            assertSameAnswer(withoutVolatile(hidden), southObservation, withoutVolatile(absent), ABSENT_ID);
            assertNothingOfTheSouthPatient(hidden);
            assertThat(hidden.body()).doesNotContain(marker);
        }
        // and nothing was deleted
        assertThat(send("GET", "Observation/" + southObservation, dev(), null).statusCode()).isEqualTo(200);
        // a visible record is deleted as before (the substitution touches hidden targets only)
        String own = create(org(), SecurityMatrixH2IT.observation(northPatient, false));
        HttpResponse<String> deleted = send("POST", "", org(), bundleOfOneDelete("transaction", "Observation/" + own));
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        assertThat(send("GET", "Observation/" + own, dev(), null).statusCode()).isEqualTo(410);
    }

    static String bundleOfOneDelete(String type, String url) {
        return "{\"resourceType\":\"Bundle\",\"type\":\"" + type + "\",\"entry\":[{\"request\":{\"method\":\"DELETE\",\"url\":\""
                + url + "\"}}]}";
    }

    /** The response Bundle without what differs between any two answers (its id, its timestamp). */
    static HttpResponse<String> withoutVolatile(HttpResponse<String> response) throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode body = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(response.body());
        body.remove("id");
        body.remove("meta");
        body.remove("link");
        String text = body.toString();
        return new HttpResponse<>() {
            public int statusCode() { return response.statusCode(); }
            public HttpRequest request() { return response.request(); }
            public java.util.Optional<HttpResponse<String>> previousResponse() { return java.util.Optional.empty(); }
            public java.net.http.HttpHeaders headers() { return response.headers(); }
            public String body() { return text; }
            public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return java.util.Optional.empty(); }
            public URI uri() { return response.uri(); }
            public HttpClient.Version version() { return response.version(); }
        };
    }

    @Test
    void patchIsRefusedOnEveryPath() throws Exception {
        String patch = "[{\"op\":\"replace\",\"path\":\"/active\",\"value\":false}]";
        for (String token : List.of(dev(), org())) {
            HttpResponse<String> direct = send("PATCH", "Patient/" + northPatient, token, patch);
            assertThat(direct.statusCode()).as(direct.body()).isEqualTo(405);
            assertThat(JSON.readTree(direct.body()).path("resourceType").asText()).isEqualTo("OperationOutcome");
            for (String type : List.of("transaction", "batch")) {
                String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"" + type + "\",\"entry\":[{\"fullUrl\":\"Patient/" + northPatient
                        + "\",\"resource\":{\"resourceType\":\"Binary\",\"contentType\":\"application/json-patch+json\",\"data\":\""
                        + java.util.Base64.getEncoder().encodeToString(patch.getBytes(StandardCharsets.UTF_8))
                        + "\"},\"request\":{\"method\":\"PATCH\",\"url\":\"Patient/" + northPatient + "\"}}]}";
                HttpResponse<String> inBundle = send("POST", "", token, bundle);
                assertThat(inBundle.statusCode()).as(inBundle.body()).isEqualTo(400);
                assertThat(inBundle.body()).contains("PATCH");
            }
        }
        Patient stored = FHIR.newJsonParser().parseResource(Patient.class, send("GET", "Patient/" + northPatient, dev(), null).body());
        assertThat(stored.hasActive()).isFalse();
    }

    // ---- class 6: shared definitions ----

    @Test
    void theGuidesOwnResourcesCannotBeChangedThroughTheApiByAnyone() throws Exception {
        HttpResponse<String> original = send("GET", "Questionnaire/phq-9", dev(), null);
        assertThat(original.statusCode()).isEqualTo(200);
        JsonNode before = JSON.readTree(original.body());
        String changed = original.body().replace(before.path("title").asText(), "Rescored PHQ-9");
        for (String token : List.of(org(), dev())) {
            assertThat(send("PUT", "Questionnaire/phq-9", token, changed).statusCode()).isEqualTo(403);
            assertThat(send("DELETE", "Questionnaire/phq-9", token, null).statusCode()).isEqualTo(403);
            assertThat(send("PUT", "Questionnaire?url=" + enc(before.path("url").asText()), token, changed.replace("\"id\":\"phq-9\",", ""))
                    .statusCode()).isEqualTo(403);
            assertThat(send("POST", "", token, transaction(entry(null, FHIR.newJsonParser().parseResource(changed), "PUT",
                    "Questionnaire/phq-9", null))).statusCode()).isEqualTo(403);
        }
        // nor can another Questionnaire take its canonical URL (scoring finds questionnaires by it)
        assertThat(send("POST", "Questionnaire", dev(), changed.replace("\"id\":\"phq-9\",", "")).statusCode()).isEqualTo(403);
        JsonNode after = JSON.readTree(send("GET", "Questionnaire/phq-9", dev(), null).body());
        assertThat(after.path("meta").path("versionId").asText()).isEqualTo(before.path("meta").path("versionId").asText());
        assertThat(after.path("title").asText()).isEqualTo(before.path("title").asText());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "SearchParameter; {\"resourceType\":\"SearchParameter\",\"url\":\"urn:kap-test:sp-{run}\",\"name\":\"x\",\"status\":\"active\",\"description\":\"x\",\"code\":\"x{run}\",\"base\":[\"Patient\"],\"type\":\"token\",\"expression\":\"Patient.gender\"}",
            "ValueSet;        {\"resourceType\":\"ValueSet\",\"url\":\"urn:kap-test:vs-{run}\",\"status\":\"active\"}",
            "Questionnaire;   {\"resourceType\":\"Questionnaire\",\"url\":\"urn:kap-test:q-{run}\",\"status\":\"active\"}",
            "Subscription;    {\"resourceType\":\"Subscription\",\"status\":\"requested\",\"reason\":\"x\",\"criteria\":\"Observation?\",\"channel\":{\"type\":\"rest-hook\",\"endpoint\":\"http://127.0.0.1:9/x\",\"payload\":\"application/fhir+json\"}}",
            "StructureDefinition; {\"resourceType\":\"StructureDefinition\",\"url\":\"urn:kap-test:sd-{run}\",\"name\":\"X\",\"status\":\"active\",\"kind\":\"resource\",\"abstract\":false,\"type\":\"Patient\",\"baseDefinition\":\"http://hl7.org/fhir/StructureDefinition/Patient\",\"derivation\":\"constraint\"}",
    })
    void sharedDefinitionsAreReadOnlyForPartners(String type, String body) throws Exception {
        String resource = body.replace("{run}", run);
        long before = count(type);
        HttpResponse<String> partner = send("POST", type, org(), resource);
        assertThat(partner.statusCode()).as(partner.body()).isEqualTo(403);
        assertThat(partner.body()).contains("system/kap.admin");
        HttpResponse<String> inTransaction = send("POST", "", org(), transaction(entry(null, FHIR.newJsonParser().parseResource(resource),
                "POST", type, null)));
        assertThat(inTransaction.statusCode()).isEqualTo(403);
        assertThat(count(type)).isEqualTo(before);
    }

    @Test
    void anAdministratorMayMaintainSharedDefinitionsOtherThanTheGuides() throws Exception {
        String valueSet = "{\"resourceType\":\"ValueSet\",\"url\":\"urn:kap-test:admin-vs-" + run + "\",\"status\":\"active\"}";
        HttpResponse<String> created = send("POST", "ValueSet", dev(), valueSet);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = JSON.readTree(created.body()).path("id").asText();
        assertThat(send("DELETE", "ValueSet/" + id, org(), null).statusCode()).isEqualTo(403);
        assertThat(send("DELETE", "ValueSet/" + id, dev(), null).statusCode()).isIn(200, 204);
    }

    @Test
    void userScopesGrantNothingAndTheAuditTrailStaysReadOnly() throws Exception {
        String user = SecurityMatrixH2IT.clinicToken(TestSecurity.CLINIC_KEY, TestSecurity.AUDIENCE, "user/*.cruds", null, null);
        HttpResponse<String> read = send("GET", "Patient/" + northPatient, user, null);
        assertThat(read.statusCode()).isEqualTo(403);
        assertThat(read.body()).doesNotContain(northName);
        String event = "{\"resourceType\":\"AuditEvent\",\"type\":{\"code\":\"x\"},\"recorded\":\"2025-01-01T00:00:00Z\","
                + "\"agent\":[{\"requestor\":true}],\"source\":{\"observer\":{\"display\":\"x\"}}}";
        assertThat(send("POST", "AuditEvent", dev(), event).statusCode()).isEqualTo(403);
    }

    // ---- helpers ----

    void assertRefusedWithoutLeak(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(JSON.readTree(response.body()).path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertNothingOfTheSouthPatient(response);
    }

    void assertNothingOfTheSouthPatient(HttpResponse<String> response) {
        assertThat(response.body()).doesNotContain(southName).doesNotContain("1961-04-17").doesNotContain(southLot)
                .doesNotContain(southIdentifier).doesNotContain("\"84\"").doesNotContain("84mg");
    }

    /** Same status and the same body once each response's own id is taken out. */
    static void assertSameAnswer(HttpResponse<String> a, String idA, HttpResponse<String> b, String idB) {
        assertThat(a.statusCode()).isEqualTo(b.statusCode());
        assertThat(a.body().replace(idA, "{id}")).isEqualTo(b.body().replace(idB, "{id}"));
    }

    String search(String template, String value) {
        String filled = value.replace("{marker}", marker).replace("{south}", southName);
        int at = template.indexOf("{v}");
        return (template.substring(0, at) + enc(filled) + template.substring(at + 3)).replace("|", "%7C").replace(" ", "%20");
    }

    long count(String search) throws Exception {
        HttpResponse<String> response = send("GET", search + (search.contains("?") ? "&" : "?") + "_summary=count", dev(), null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).path("total").asLong();
    }

    String managingOrganization(String patient) throws Exception {
        return FHIR.newJsonParser().parseResource(Patient.class, send("GET", "Patient/" + patient, dev(), null).body())
                .getManagingOrganization().getReference();
    }

    static String esketamine(String patient, String lot, int mg) {
        return """
                {"resourceType":"MedicationAdministration","status":"completed",
                 "extension":[{"url":"https://fhir.kaphub.org/StructureDefinition/kap-medication-lot","valueString":"%s"}],
                 "medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"2201625"}]},
                 "subject":{"reference":"Patient/%s"},
                 "effectivePeriod":{"start":"2025-03-04T09:00:00-05:00","end":"2025-03-04T09:05:00-05:00"},
                 "dosage":{"route":{"coding":[{"system":"http://snomed.info/sct","code":"46713006"}]},
                   "dose":{"value":%d,"unit":"mg","system":"http://unitsofmeasure.org","code":"mg"}}}""".formatted(lot, patient, mg);
    }

    static String transaction(Bundle.BundleEntryComponent... entries) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (Bundle.BundleEntryComponent entry : entries) {
            bundle.addEntry(entry);
        }
        return encode(bundle);
    }

    static Bundle.BundleEntryComponent entry(String fullUrl, IBaseResource resource, String method, String url, String ifNoneExist) {
        Bundle.BundleEntryComponent entry = new Bundle.BundleEntryComponent().setFullUrl(fullUrl)
                .setResource((org.hl7.fhir.r4.model.Resource) resource);
        entry.getRequest().setMethod(Bundle.HTTPVerb.fromCode(method)).setUrl(url).setIfNoneExist(ifNoneExist);
        return entry;
    }

    static String encode(IBaseResource resource) {
        return FHIR.newJsonParser().encodeResourceToString(resource);
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    String dev() {
        return Tokens.dev(port);
    }

    String org() {
        return token(TestSecurity.ORG_LIMITED);
    }

    String token(String client) {
        return Tokens.forClient(port, client, TestSecurity.SECRET, null);
    }

    String create(String token, IBaseResource resource) throws Exception {
        return created(send("POST", FHIR.getResourceType(resource), token, encode(resource)));
    }

    static String created(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body()).path("id").asText();
    }

    void put(String token, IBaseResource resource) throws Exception {
        HttpResponse<String> response = send("PUT", FHIR.getResourceType(resource) + "/" + resource.getIdElement().getIdPart(),
                token, encode(resource));
        assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
    }

    HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        return sendWith(method, path, token, body, null, null);
    }

    /** @param path relative to /fhir; empty for the base (transactions, batches) */
    HttpResponse<String> sendWith(String method, String path, String token, String body, String header, String value) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/fhir" + (path.isEmpty() ? "" : "/" + path)))
                .header("Accept", FHIR_JSON)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "PATCH".equals(method) ? "application/json-patch+json" : FHIR_JSON);
        }
        if (header != null) {
            request.header(header, value);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
