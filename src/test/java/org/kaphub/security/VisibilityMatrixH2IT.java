package org.kaphub.security;

import com.fasterxml.jackson.databind.JsonNode;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.instance.model.api.IBaseCoding;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kaphub.support.KapIntegrationTest;
import org.kaphub.support.TestSecurity;
import org.kaphub.support.Tokens;
import org.kaphub.vocabulary.KapCanonicals;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kaphub.security.SecurityMatrixH2IT.encode;
import static org.kaphub.security.SecurityMatrixH2IT.observation;
import static org.kaphub.security.SecurityMatrixH2IT.patient;

/**
 * What a client can see, over real HTTP, on every read and write path: another organisation's records and 42 CFR
 * Part 2 labelled records are absent for it — same status and body as an id that does not exist, left out of searches,
 * counts, pages and includes, no match for conditional interactions. Clients: test-org (org-north) and test-new-org
 * (org-new) are organisation-limited; a clinic identity provider's token ({@code system/*.cruds}, unregistered) has
 * no organisation limit and no Part 2 grant.
 */
@KapIntegrationTest
class VisibilityMatrixH2IT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String ETH = "\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"ETH\"";

    @LocalServerPort
    int port;

    @Autowired
    DaoRegistry daos;

    String run;
    String north;
    String south;
    String northPatient;
    String southPatient;
    String southFamily;
    String southObservation;
    String labelled;

    @BeforeEach
    void data() throws Exception {
        run = UUID.randomUUID().toString().substring(0, 8);
        // the registry creates its organisations (and only it changes them)
        north = TestSecurity.ORG;
        south = TestSecurity.NEW_ORG;
        northPatient = post(dev(), "Patient", encode(identified(patient("Northwind" + run, north), "n-" + run)));
        southFamily = "Southmoor" + run;
        southPatient = post(dev(), "Patient", encode(identified(patient(southFamily, south), "s-" + run)));
        southObservation = post(dev(), "Observation", encode(observation(southPatient, false)));
        Observation labelledObservation = observation(northPatient, true);
        labelledObservation.addIdentifier().setSystem("urn:test").setValue("l-" + run);
        labelled = post(dev(), "Observation", encode(labelledObservation));
    }

    // ---- reads and searches ----

    @Test
    void anotherOrganisationsRecordReadsExactlyAsAnAbsentOne() throws Exception {
        String token = token(TestSecurity.ORG_LIMITED);
        HttpResponse<String> hidden = send("GET", "/fhir/Patient/" + southPatient, token, null);
        HttpResponse<String> absent = send("GET", "/fhir/Patient/" + absentId(), token, null);
        assertSameAnswer(hidden, southPatient, absent);
        assertThat(hidden.statusCode()).isEqualTo(404);
        assertThat(hidden.body()).doesNotContain(southFamily);
        assertSameAnswer(send("GET", "/fhir/Observation/" + southObservation, token, null), southObservation,
                send("GET", "/fhir/Observation/" + absentId(), token, null));
        assertSameAnswer(send("GET", "/fhir/Patient/" + southPatient + "/_history/1", token, null), southPatient,
                send("GET", "/fhir/Patient/" + absentId() + "/_history/1", token, null));
        assertSameAnswer(send("GET", "/fhir/Patient/" + southPatient + "/_history", token, null), southPatient,
                send("GET", "/fhir/Patient/" + absentId() + "/_history", token, null));
        // the other organisation sees its own
        assertThat(send("GET", "/fhir/Patient/" + southPatient, token(TestSecurity.NEW_ORG_LIMITED), null).statusCode()).isEqualTo(200);
    }

    /** A batch or transaction GET entry of a hidden record answers exactly as one of an absent id. */
    @Test
    void aBundleReadOfAHiddenRecordAnswersExactlyAsAnAbsentOne() throws Exception {
        String token = token(TestSecurity.ORG_LIMITED);
        for (String type : List.of("batch", "transaction")) {
            String absent = absentId();
            JsonNode hidden = firstEntryResponse(send("POST", "/fhir", token, readBundle(type, "Patient/" + southPatient)));
            JsonNode none = firstEntryResponse(send("POST", "/fhir", token, readBundle(type, "Patient/" + absent)));
            assertThat(hidden.toString()).doesNotContain(southFamily);
            assertThat(hidden.toString().replace(southPatient, "ID")).as(type).isEqualTo(none.toString().replace(absent, "ID"));
        }
    }

    static String readBundle(String type, String url) {
        return "{\"resourceType\":\"Bundle\",\"type\":\"" + type + "\",\"entry\":[{\"request\":{\"method\":\"GET\",\"url\":\"" + url + "\"}}]}";
    }

    /** The answer to the bundle's one entry: its response (status, outcome) or, if the whole bundle failed, the body. */
    static JsonNode firstEntryResponse(HttpResponse<String> response) throws Exception {
        JsonNode body = JSON.readTree(response.body());
        return "Bundle".equals(body.path("resourceType").asText())
                ? body.path("entry").path(0) : JSON.createObjectNode().put("status", response.statusCode()).set("body", body);
    }

    @Test
    void orListsCountsAndIncludesHoldOnlyTheClientsOwn() throws Exception {
        String token = token(TestSecurity.ORG_LIMITED);
        // an OR-list naming a hidden id is no 403-vs-200 oracle: the hidden id simply matches nothing
        HttpResponse<String> both = send("GET", "/fhir/Patient?_id=" + northPatient + "," + southPatient + "&_count=10", token, null);
        HttpResponse<String> mine = send("GET", "/fhir/Patient?_id=" + northPatient + "," + absentId() + "&_count=10", token, null);
        assertThat(both.statusCode()).isEqualTo(200);
        assertThat(ids(both)).containsExactly(northPatient).isEqualTo(ids(mine));
        // the self link repeats the query the client sent; nothing else names the hidden record
        assertThat(both.body()).doesNotContain(southFamily).doesNotContain("Patient/" + southPatient);

        HttpResponse<String> count = send("GET", "/fhir/Patient?_id=" + northPatient + "," + southPatient + "&_summary=count", token, null);
        assertThat(count.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(count.body()).path("total").asInt()).isEqualTo(1);
        HttpResponse<String> accurate = send("GET", "/fhir/Observation?subject=" + southPatient + "&_total=accurate", token, null);
        assertThat(accurate.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(accurate.body()).path("total").asInt()).isZero();

        HttpResponse<String> included = send("GET", "/fhir/Organization?_id=" + north + "," + south
                + "&_revinclude=Patient:organization", token, null);
        assertThat(included.statusCode()).isEqualTo(200);
        assertThat(included.body()).contains(northPatient).doesNotContain(southPatient).doesNotContain(southFamily);
        // _tag naming the other organisation is refused to a limited client (SearchTerms, AccessGateMatrixH2IT), and
        // the refusal names nothing of that organisation's records
        HttpResponse<String> tagged = send("GET", "/fhir/Patient?_tag=" + OrganisationTags.SYSTEM + "|" + south, token, null);
        assertThat(tagged.statusCode()).isEqualTo(403);
        assertThat(tagged.body()).doesNotContain(southPatient).doesNotContain(southFamily);
    }

    @Test
    void part2CountsAndTotalsWorkWithoutTheGrantAndCountOnlyWhatIsVisible() throws Exception {
        String reader = token(TestSecurity.READER);
        HttpResponse<String> count = send("GET", "/fhir/Observation?subject=" + northPatient + "&_summary=count", reader, null);
        assertThat(count.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(count.body()).path("total").asInt()).isZero();
        HttpResponse<String> accurate = send("GET", "/fhir/Observation?subject=" + northPatient + "&_total=accurate", reader, null);
        assertThat(accurate.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(accurate.body()).path("total").asInt()).isZero();
        assertThat(accurate.body()).doesNotContain(labelled);
        // searching by the label itself is refused to a client without the full view, naming nothing labelled
        HttpResponse<String> labelSearch = send("GET", "/fhir/Observation?_security=http://terminology.hl7.org/CodeSystem/v3-ActCode|ETH&subject="
                + northPatient, reader, null);
        assertThat(labelSearch.statusCode()).isEqualTo(403);
        assertThat(labelSearch.body()).doesNotContain(labelled);
        assertThat(JSON.readTree(send("GET", "/fhir/Observation?subject=" + northPatient + "&_summary=count",
                token(TestSecurity.PART2), null).body()).path("total").asInt()).isEqualTo(1);
    }

    @Test
    void everyConfiguredLabelNestedContentAndEarlierVersionsAreWithheld() throws Exception {
        String reader = token(TestSecurity.READER);
        String oid = post(dev(), "Observation", encode(observation(northPatient, false)).replace("\"resourceType\":\"Observation\",",
                "\"resourceType\":\"Observation\",\"meta\":{\"security\":[{\"system\":\"urn:oid:2.16.840.1.113883.5.4\",\"code\":\"42CFRPart2\"}]},"));
        String veryRestricted = post(dev(), "Observation", encode(observation(northPatient, false)).replace("\"resourceType\":\"Observation\",",
                "\"resourceType\":\"Observation\",\"meta\":{\"security\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-Confidentiality\",\"code\":\"V\"}]},"));
        String opioid = post(dev(), "Observation", encode(observation(northPatient, false)).replace("\"resourceType\":\"Observation\",",
                "\"resourceType\":\"Observation\",\"meta\":{\"security\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"OPIOIDUD\"}]},"));
        String contained = post(dev(), "Observation", encode(observation(northPatient, false)).replace("\"resourceType\":\"Observation\",",
                "\"resourceType\":\"Observation\",\"contained\":[{\"resourceType\":\"Condition\",\"id\":\"c1\",\"meta\":{\"security\":[{"
                        + ETH + "}]},\"subject\":{\"reference\":\"Patient/" + northPatient + "\"}}],"));
        String stored = post(dev(), "Bundle", "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"fullUrl\":\"urn:uuid:"
                + UUID.randomUUID() + "\",\"resource\":{\"resourceType\":\"Observation\",\"meta\":{\"security\":[{" + ETH
                + "}]},\"status\":\"final\",\"code\":{\"text\":\"substance use\"}}}]}");
        for (String id : List.of(oid, veryRestricted, opioid, contained)) {
            assertSameAnswer(send("GET", "/fhir/Observation/" + id, reader, null), id, send("GET", "/fhir/Observation/" + absentId(), reader, null));
        }
        assertSameAnswer(send("GET", "/fhir/Bundle/" + stored, reader, null), stored, send("GET", "/fhir/Bundle/" + absentId(), reader, null));
        assertThat(send("GET", "/fhir/Observation/" + contained, token(TestSecurity.PART2), null).statusCode()).isEqualTo(200);

        // labelled later: the unlabelled first version goes with the record
        String later = post(dev(), "Observation", encode(observation(northPatient, false)));
        Observation v2 = observation(northPatient, true);
        v2.setId(later);
        assertThat(send("PUT", "/fhir/Observation/" + later, dev(), encode(v2)).statusCode()).isEqualTo(200);
        assertSameAnswer(send("GET", "/fhir/Observation/" + later + "/_history/1", reader, null), later,
                send("GET", "/fhir/Observation/" + absentId() + "/_history/1", reader, null));
        HttpResponse<String> typeHistory = send("GET", "/fhir/Observation/_history?_count=200", reader, null);
        assertThat(typeHistory.statusCode()).isEqualTo(200);
        assertThat(ids(typeHistory)).isNotEmpty().doesNotContain(later);
        assertThat(typeHistory.body()).doesNotContain("\"total\"");
    }

    // ---- conditional interactions ----

    /**
     * HAPI remembers the match URL of a conditional create for an hour (HFJ_RES_SEARCH_URL, to stop concurrent
     * duplicates). A hidden record created through the same URL must not turn another client's create into a conflict.
     */
    @Test
    void aConditionalCreateWithTheSameUrlAsAHiddenRecordsOwnCreatesAsForNoMatch() throws Exception {
        String condition = "identifier=urn:test|url-" + run;
        HttpResponse<String> theirs = sendWith("POST", "/fhir/Patient", dev(),
                encode(identified(patient(southFamily, south), "url-" + run)), Map.of("If-None-Exist", condition));
        assertThat(theirs.statusCode()).isEqualTo(201);
        HttpResponse<String> mine = sendWith("POST", "/fhir/Patient", token(TestSecurity.ORG_LIMITED),
                encode(identified(patient("Urlmatch" + run, north), "url-" + run)),
                Map.of("If-None-Exist", condition, "Prefer", "return=representation"));
        HttpResponse<String> fresh = sendWith("POST", "/fhir/Patient", token(TestSecurity.ORG_LIMITED),
                encode(identified(patient("Urlmatch" + run, north), "url-fresh-" + run)),
                Map.of("If-None-Exist", "identifier=urn:test|url-fresh-" + run, "Prefer", "return=representation"));
        assertThat(fresh.statusCode()).isEqualTo(201);
        assertThat(mine.statusCode()).as(mine.body()).isEqualTo(201);
        assertThat(mine.body()).doesNotContain(southFamily);
    }

    @Test
    void aHiddenMatchOfConditionalCreateIsNoMatch() throws Exception {
        String token = token(TestSecurity.ORG_LIMITED);
        // each body satisfies its own condition (HAPI refuses one that does not, HAPI-0929)
        HttpResponse<String> hidden = sendWith("POST", "/fhir/Patient", token,
                encode(identified(patient("Condcreate" + run, north), "s-" + run)),
                Map.of("If-None-Exist", "identifier=urn:test|s-" + run, "Prefer", "return=representation"));
        HttpResponse<String> none = sendWith("POST", "/fhir/Patient", token,
                encode(identified(patient("Condcreate" + run, north), "nobody-" + run)),
                Map.of("If-None-Exist", "identifier=urn:test|nobody-" + run, "Prefer", "return=representation"));
        assertThat(hidden.statusCode()).isEqualTo(201);
        assertThat(none.statusCode()).isEqualTo(201);
        assertThat(hidden.body()).doesNotContain(southFamily).doesNotContain(southPatient);

        // Part 2: a criterion only a labelled record matches tells a client without the grant nothing
        String writer = clinicWriter();
        Observation matching = observation(northPatient, false);
        matching.addIdentifier().setSystem("urn:test").setValue("l-" + run);
        Observation other = observation(northPatient, false);
        other.addIdentifier().setSystem("urn:test").setValue("nobody-l-" + run);
        HttpResponse<String> labelledMatch = sendWith("POST", "/fhir/Observation", writer, encode(matching),
                Map.of("If-None-Exist", "identifier=urn:test|l-" + run, "Prefer", "return=representation"));
        HttpResponse<String> noMatch = sendWith("POST", "/fhir/Observation", writer, encode(other),
                Map.of("If-None-Exist", "identifier=urn:test|nobody-l-" + run, "Prefer", "return=representation"));
        assertThat(labelledMatch.statusCode()).isEqualTo(201);
        assertThat(noMatch.statusCode()).isEqualTo(201);
        assertThat(labelledMatch.body()).doesNotContain("substance use").doesNotContain(labelled);

        // the same inside a transaction (it now matches the north patient just created, never the hidden one)
        String transaction = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":"
                + encode(identified(patient("Condcreate" + run, north), "s-" + run))
                + ",\"request\":{\"method\":\"POST\",\"url\":\"Patient\",\"ifNoneExist\":\"identifier=urn:test|s-" + run + "\"}}]}";
        HttpResponse<String> inTransaction = send("POST", "/fhir", token, transaction);
        assertThat(inTransaction.statusCode()).isEqualTo(200);
        assertThat(inTransaction.body()).doesNotContain("Patient/" + southPatient + "/").doesNotContain(southFamily);
    }

    @Test
    void aHiddenMatchOfConditionalUpdateAndDeleteIsNoMatch() throws Exception {
        String token = token(TestSecurity.ORG_LIMITED);
        String body = encode(identified(patient("Condupdate" + run, north), "s-" + run));
        HttpResponse<String> update = send("PUT", "/fhir/Patient?identifier=urn:test|s-" + run, token, body);
        assertThat(update.statusCode()).as(update.body()).isEqualTo(201); // created anew, the hidden one untouched
        assertThat(update.body()).doesNotContain(southPatient);
        HttpResponse<String> southStill = send("GET", "/fhir/Patient/" + southPatient, dev(), null);
        assertThat(southStill.body()).contains(southFamily).contains("\"versionId\":\"1\"");

        String absent = absentId();
        HttpResponse<String> hiddenDelete = send("DELETE", "/fhir/Observation?subject=Patient/" + southPatient, token, null);
        HttpResponse<String> absentDelete = send("DELETE", "/fhir/Observation?subject=Patient/" + absent, token, null);
        assertSameAnswer(hiddenDelete, southPatient, absentDelete, absent);
        assertThat(send("GET", "/fhir/Observation/" + southObservation, dev(), null).statusCode()).isEqualTo(200);
    }

    // ---- writes to hidden records ----

    @Test
    void writesToHiddenRecordsAnswerAsForAnAbsentId() throws Exception {
        String token = token(TestSecurity.ORG_LIMITED);
        Patient overwrite = patient("Overwritten", north);
        overwrite.setId(southPatient);
        Patient absent = patient("Overwritten", north);
        String absentId = absentId();
        absent.setId(absentId);
        assertSameAnswer(send("PUT", "/fhir/Patient/" + southPatient, token, encode(overwrite)), southPatient,
                send("PUT", "/fhir/Patient/" + absentId, token, encode(absent)), absentId);
        assertThat(send("PUT", "/fhir/Patient/" + southPatient, token, encode(overwrite)).statusCode()).isEqualTo(404);
        assertSameAnswer(send("DELETE", "/fhir/Patient/" + southPatient, token, null), southPatient,
                send("DELETE", "/fhir/Patient/" + absentId, token, null), absentId);
        // Part 2: without the grant, a labelled record cannot be overwritten or deleted either
        String writer = clinicWriter();
        Observation replace = observation(northPatient, false);
        replace.setId(labelled);
        assertThat(send("PUT", "/fhir/Observation/" + labelled, writer, encode(replace)).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", "/fhir/Observation/" + labelled, writer, null).statusCode()).isEqualTo(200);
        // inside a transaction
        String transaction = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":" + encode(replace)
                + ",\"request\":{\"method\":\"PUT\",\"url\":\"Observation/" + labelled + "\"}}]}";
        assertThat(send("POST", "/fhir", writer, transaction).statusCode()).isEqualTo(404);
        HttpResponse<String> still = send("GET", "/fhir/Observation/" + labelled, dev(), null);
        assertThat(still.statusCode()).isEqualTo(200);
        assertThat(still.body()).contains("substance use").contains("\"versionId\":\"1\"");
        assertThat(send("GET", "/fhir/Patient/" + southPatient, dev(), null).body()).contains(southFamily);
    }

    // ---- stamping ----

    @Test
    void organisationStampsComeFromTheServerAndFollowAPatientThatMoves() throws Exception {
        // a client cannot stamp a record into another organisation
        String forged = encode(observation(southPatient, false)).replace("\"resourceType\":\"Observation\",",
                "\"resourceType\":\"Observation\",\"meta\":{\"tag\":[{\"system\":\"" + OrganisationTags.SYSTEM + "\",\"code\":\"" + north + "\"}]},");
        String written = post(clinicWriter(), "Observation", forged);
        assertThat(send("GET", "/fhir/Observation/" + written, token(TestSecurity.ORG_LIMITED), null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/fhir/Observation/" + written, token(TestSecurity.NEW_ORG_LIMITED), null).statusCode()).isEqualTo(200);
        // a transaction whose Observation references the Patient created with it is stamped too
        String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"fullUrl\":\"urn:uuid:p1\",\"resource\":"
                + encode(patient("Bundled" + run, south)) + ",\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}},"
                + "{\"resource\":" + encode(observation(northPatient, false)).replace("Patient/" + northPatient, "urn:uuid:p1")
                + ",\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}]}";
        HttpResponse<String> stored = send("POST", "/fhir", dev(), bundle);
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
        String bundledObservation = JSON.readTree(stored.body()).path("entry").get(1).path("response").path("location").asText()
                .replaceAll("^Observation/([^/]+)/.*$", "$1");
        assertThat(send("GET", "/fhir/Observation/" + bundledObservation, token(TestSecurity.NEW_ORG_LIMITED), null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/fhir/Observation/" + bundledObservation, token(TestSecurity.ORG_LIMITED), null).statusCode()).isEqualTo(404);

        // the south patient moves north: its record follows it
        Patient moved = identified(patient(southFamily, north), "s-" + run);
        moved.setId(southPatient);
        assertThat(send("PUT", "/fhir/Patient/" + southPatient, dev(), encode(moved)).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/fhir/Patient/" + southPatient, token(TestSecurity.ORG_LIMITED), null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/fhir/Observation/" + southObservation, token(TestSecurity.ORG_LIMITED), null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/fhir/Patient/" + southPatient, token(TestSecurity.NEW_ORG_LIMITED), null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/fhir/Observation/" + southObservation, token(TestSecurity.NEW_ORG_LIMITED), null).statusCode()).isEqualTo(404);
    }

    /**
     * Records stored before the one canonical base carry the organisation tag under its legacy system
     * (https://kaphub.org/fhir/CodeSystem/organization): they stay their organisation's — found by its clients'
     * reads and searches, hidden from other organisations' — and the next write moves them to the current system.
     */
    @Test
    void recordsTaggedWithTheLegacySystemStayTheirOrganisationsOnly() throws Exception {
        String observationCode = "legacy-" + run;
        Observation coded = observation(southPatient, false);
        coded.getCode().addCoding().setSystem("urn:kap-test:legacy").setCode(observationCode);
        String southCoded = post(dev(), "Observation", encode(coded));
        retag(Patient.class, southPatient, south);
        retag(Observation.class, southCoded, south);
        assertThat(tagSystems(Patient.class, southPatient)).containsExactly(KapCanonicals.LEGACY_ORGANIZATION_TAG);
        assertThat(tagSystems(Observation.class, southCoded)).containsExactly(KapCanonicals.LEGACY_ORGANIZATION_TAG);

        String own = token(TestSecurity.NEW_ORG_LIMITED);
        assertThat(send("GET", "/fhir/Patient/" + southPatient, own, null).statusCode()).isEqualTo(200);
        assertThat(ids(send("GET", "/fhir/Patient?identifier=urn:test|s-" + run, own, null))).containsExactly(southPatient);
        assertThat(ids(send("GET", "/fhir/Observation?code=urn:kap-test:legacy|" + observationCode, own, null)))
                .containsExactly(southCoded);

        String other = token(TestSecurity.ORG_LIMITED);
        assertSameAnswer(send("GET", "/fhir/Patient/" + southPatient, other, null), southPatient,
                send("GET", "/fhir/Patient/" + absentId(), other, null));
        assertThat(ids(send("GET", "/fhir/Patient?identifier=urn:test|s-" + run, other, null))).isEmpty();
        assertThat(ids(send("GET", "/fhir/Observation?code=urn:kap-test:legacy|" + observationCode, other, null))).isEmpty();

        // rewritten, the record carries the current system only, and is still its organisation's
        Patient same = identified(patient(southFamily, south), "s-" + run);
        same.setId(southPatient);
        put(dev(), "Patient", southPatient, encode(same));
        assertThat(tagSystems(Patient.class, southPatient)).containsExactly(OrganisationTags.SYSTEM);
        assertThat(send("GET", "/fhir/Patient/" + southPatient, own, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/fhir/Patient/" + southPatient, other, null).statusCode()).isEqualTo(404);
    }

    /** As a record stored before the one base: its current organisation tag swapped for the legacy one, in place. */
    private <T extends IBaseResource> void retag(Class<T> type, String id, String organisation) {
        IFhirResourceDao<T> dao = daos.getResourceDao(type);
        IdType versionless = new IdType(type.getSimpleName(), id);
        dao.metaAddOperation(versionless, new Meta().addTag(KapCanonicals.LEGACY_ORGANIZATION_TAG, organisation, null),
                new SystemRequestDetails());
        dao.metaDeleteOperation(versionless, new Meta().addTag(OrganisationTags.SYSTEM, organisation, null),
                new SystemRequestDetails());
    }

    private <T extends IBaseResource> List<String> tagSystems(Class<T> type, String id) {
        return daos.getResourceDao(type).read(new IdType(type.getSimpleName(), id), new SystemRequestDetails())
                .getMeta().getTag().stream().map(IBaseCoding::getSystem)
                .filter(system -> system != null && system.endsWith("/CodeSystem/organization")).toList();
    }

    // ---- paging ----

    @Test
    void pagesWorkForEveryClientAndBelongToTheClientThatSearched() throws Exception {
        for (int i = 0; i < 3; i++) {
            post(dev(), "Observation", encode(observation(northPatient, false)));
        }
        String reader = token(TestSecurity.READER);
        HttpResponse<String> first = send("GET", "/fhir/Observation?subject=" + northPatient + "&_count=1", reader, null);
        assertThat(first.statusCode()).isEqualTo(200);
        String next = link(first, "next");
        assertThat(next).contains("_getpages=");
        String page = next.substring(next.indexOf("/fhir"));
        HttpResponse<String> second = send("GET", page, reader, null);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(second.body()).doesNotContain(labelled);

        // another client holding the link gets what an unknown page id gets
        HttpResponse<String> stolen = send("GET", page, token(TestSecurity.ORG_LIMITED), null);
        String unknownPage = page.replaceAll("_getpages=[^&]+", "_getpages=" + UUID.randomUUID());
        HttpResponse<String> unknown = send("GET", unknownPage, token(TestSecurity.ORG_LIMITED), null);
        assertThat(stolen.statusCode()).isEqualTo(unknown.statusCode()).isEqualTo(410);
        String searchId = page.replaceAll(".*_getpages=([^&]+).*", "$1");
        assertThat(stolen.body().replace(searchId, "X")).isEqualTo(unknown.body().replace(unknownPage.replaceAll(".*_getpages=([^&]+).*", "$1"), "X"));

        // an organisation-limited client pages through its own records only
        String org = token(TestSecurity.ORG_LIMITED);
        HttpResponse<String> orgFirst = send("GET", "/fhir/Observation?_count=1", org, null);
        String orgNext = link(orgFirst, "next");
        if (orgNext != null) {
            HttpResponse<String> orgSecond = send("GET", orgNext.substring(orgNext.indexOf("/fhir")), org, null);
            assertThat(orgSecond.statusCode()).isEqualTo(200);
            assertThat(orgSecond.body()).doesNotContain(southObservation);
        }
    }

    // ---- helpers ----

    /** Same status, and the same body once the id asked for is replaced by a placeholder. */
    static void assertSameAnswer(HttpResponse<String> hidden, String hiddenId, HttpResponse<String> absent) {
        assertThat(hidden.statusCode()).as(hidden.body()).isEqualTo(absent.statusCode());
        String absentId = absentIdIn(absent);
        assertThat(hidden.body().replace(hiddenId, "ID")).isEqualTo(absentId == null ? absent.body() : absent.body().replace(absentId, "ID"));
    }

    static void assertSameAnswer(HttpResponse<String> hidden, String hiddenId, HttpResponse<String> absent, String absentId) {
        assertThat(hidden.statusCode()).as(hidden.body()).isEqualTo(absent.statusCode());
        assertThat(hidden.body().replace(hiddenId, "ID")).isEqualTo(absent.body().replace(absentId, "ID"));
    }

    private static String absentIdIn(HttpResponse<String> response) {
        String path = response.uri().getPath();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("absent[0-9a-f]+").matcher(path);
        return m.find() ? m.group() : null;
    }

    static String absentId() {
        return "absent" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    static Patient identified(Patient patient, String value) {
        patient.addIdentifier().setSystem("urn:test").setValue(value);
        return patient;
    }

    List<String> ids(HttpResponse<String> response) throws Exception {
        JsonNode entries = JSON.readTree(response.body()).path("entry");
        List<String> ids = new java.util.ArrayList<>();
        entries.forEach(e -> ids.add(e.path("resource").path("id").asText()));
        return ids;
    }

    static String link(HttpResponse<String> response, String relation) throws Exception {
        for (JsonNode link : JSON.readTree(response.body()).path("link")) {
            if (relation.equals(link.path("relation").asText())) {
                return link.path("url").asText();
            }
        }
        return null;
    }

    String clinicWriter() {
        return SecurityMatrixH2IT.clinicToken(TestSecurity.CLINIC_KEY, TestSecurity.AUDIENCE, "system/*.cruds", null, null);
    }

    String dev() {
        return Tokens.dev(port);
    }

    String token(String client) {
        return Tokens.forClient(port, client, TestSecurity.SECRET, null);
    }

    String post(String token, String type, String body) throws Exception {
        HttpResponse<String> response = send("POST", "/fhir/" + type, token, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body()).path("id").asText();
    }

    String put(String token, String type, String id, String body) throws Exception {
        HttpResponse<String> response = send("PUT", "/fhir/" + type + "/" + id, token, body);
        assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
        return id;
    }

    HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        return sendWith(method, path, token, body, Map.of());
    }

    HttpResponse<String> sendWith(String method, String path, String token, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path.replace("|", "%7C")))
                .header("Accept", "application/fhir+json").header("Authorization", "Bearer " + token);
        headers.forEach(request::header);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/fhir+json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
