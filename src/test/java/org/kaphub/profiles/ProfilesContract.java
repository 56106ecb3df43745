package org.kaphub.profiles;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kaphub.support.DevFhirHttp;
import org.kaphub.support.GuideExamples;
import org.kaphub.vocabulary.KapCanonicals;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The KAP implementation guide as the server enforces it, over real HTTP: the guide's own examples are accepted,
 * a write that breaks a profile is answered 422 with the element named, KAP rules beyond the profiles hold, and
 * a scored QuestionnaireResponse gets its score Observation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ProfilesContract {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final ObjectMapper JSON = new ObjectMapper();
    static final String FHIR_JSON = "application/fhir+json";

    @LocalServerPort
    int port;
    @Autowired
    ProfileEnforcement enforcement;

    /** The guide's examples, stored as one transaction (PUT with their own ids, so references resolve). */
    @BeforeAll
    void storeTheGuidesExamples() throws Exception {
        GuideExamples.storeOnce(port);
    }

    @Test
    void everyExampleOfTheGuideIsStored() throws Exception {
        List<IBaseResource> examples = KapGuide.load(FHIR).examples();
        assertThat(examples).hasSizeGreaterThan(20);
        List<String> missing = new ArrayList<>();
        for (IBaseResource example : examples) {
            String id = example.fhirType() + "/" + example.getIdElement().getIdPart();
            if (get(id).statusCode() != 200) {
                missing.add(id);
            }
        }
        assertThat(missing).isEmpty();
    }

    /** The start-up warm-up of the validator runs the guide's examples: none may fail, and a broken one is named. */
    @Test
    void theValidatorWarmUpPassesTheGuidesExamplesAndNamesABrokenOne() throws Exception {
        assertThat(enforcement.warmUp(KapGuide.load(FHIR).examples())).isEmpty();
        IBaseResource broken = FHIR.newJsonParser().parseResource(
                Files.readString(Path.of("fhir-profiles/test-cases/invalid", "kap-medicationadministration.json")));
        assertThat(enforcement.warmUp(List.of(broken))).containsExactly(broken.getIdElement().toUnqualifiedVersionless().getValue());
    }

    @Test
    void aValidExamplePostedAnewIsCreated201() throws Exception {
        org.hl7.fhir.r4.model.Resource example = (org.hl7.fhir.r4.model.Resource) example("MedicationAdministration", "kap-example-ketamine-admin-2");
        String administration = FHIR.newJsonParser().encodeResourceToString(example.copy().setId((String) null));
        HttpResponse<String> response = post("MedicationAdministration", administration);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    @Test
    void conformanceResourcesAreServedAndListedInTheCapabilityStatement() throws Exception {
        JsonNode questionnaires = JSON.readTree(get("Questionnaire?url=" + enc(KapCanonicals.BASE + "/Questionnaire/phq-9")).body());
        assertThat(questionnaires.path("entry")).hasSize(1); // no Bundle.total: HAPI's consent filtering drops it
        JsonNode profile = JSON.readTree(get("StructureDefinition/kap-careplan").body());
        assertThat(profile.path("url").asText()).isEqualTo(KapCanonicals.CAREPLAN_PROFILE);

        JsonNode metadata = JSON.readTree(get("metadata").body());
        List<String> supported = new ArrayList<>();
        metadata.path("rest").get(0).path("resource").forEach(r -> r.path("supportedProfile").forEach(p -> supported.add(p.asText())));
        assertThat(supported).contains(KapCanonicals.CAREPLAN_PROFILE, KapCanonicals.MEDICATION_ADMINISTRATION_PROFILE,
                KapCanonicals.ESKETAMINE_ADMINISTRATION_PROFILE, KapCanonicals.QUESTIONNAIRE_RESPONSE_PROFILE, KapCanonicals.MEDICATION_REQUEST_PROFILE);
    }

    /** fhir-profiles/test-cases/invalid: each file breaks one rule of its profile (see the README there). */
    @ParameterizedTest(name = "{0} is refused 422 naming {1}")
    @CsvSource({
            "kap-patient, Patient.identifier",
            "kap-condition, Condition.code",
            "kap-careplan, kap-cp-1",
            "kap-medicationrequest, MedicationRequest.requester",
            "kap-medicationadministration, kap-mad-1",
            "kap-medicationadministration-no-dose, MedicationAdministration.dosage.dose",
            "kap-medicationadministration-dose-unit, kap-mad-2",
            "kap-esketamine-administration, kap-esk-1",
            "kap-blood-pressure, Observation.extension",
            "kap-heart-rate, Observation.extension",
            "kap-oxygen-saturation, Observation.extension",
            "kap-respiratory-rate, Observation.effective",
            "kap-score-observation, kap-score-2",
            "kap-questionnaireresponse, QuestionnaireResponse.authored",
            "kap-part2-consent, Consent.policyRule"})
    void invalidCaseIsRefusedNamingTheElement(String file, String expected) throws Exception {
        String body = Files.readString(Path.of("fhir-profiles/test-cases/invalid", file + ".json"));
        String type = JSON.readTree(body).path("resourceType").asText();
        String withoutId = body.replaceFirst("\"id\"\\s*:\\s*\"[^\"]*\"\\s*,", "");
        assertUnprocessable(post(type, withoutId), expected);
    }

    @Test
    void minimalKetamineAdministrationIsAccepted() throws Exception {
        HttpResponse<String> response = post("MedicationAdministration", minimalIvKetamine(true));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    @Test
    void aResourceStoredIsMarkedWithTheKapProfilesItWasValidatedAgainst() throws Exception {
        HttpResponse<String> created = post("MedicationAdministration", minimalIvKetamine(true));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        JsonNode stored = JSON.readTree(get("MedicationAdministration/" + JSON.readTree(created.body()).path("id").asText()).body());
        assertThat(profiles(stored)).containsExactly(KapCanonicals.MEDICATION_ADMINISTRATION_PROFILE);
    }

    @Test
    void anEsketamineAdministrationIsMarkedWithBothItsProfilesAndTheWritersOwnEntryIsKept() throws Exception {
        ObjectNode administration = (ObjectNode) JSON.readTree(FHIR.newJsonParser().encodeResourceToString(
                example("MedicationAdministration", "kap-example-esketamine-admin")));
        administration.remove("id");
        // the writer declares the general profile only; the server validates and marks the esketamine one too
        administration.putObject("meta").putArray("profile").add(KapCanonicals.MEDICATION_ADMINISTRATION_PROFILE);
        HttpResponse<String> created = post("MedicationAdministration", administration.toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        JsonNode stored = JSON.readTree(get("MedicationAdministration/" + JSON.readTree(created.body()).path("id").asText()).body());
        assertThat(profiles(stored)).containsExactlyInAnyOrder(KapCanonicals.MEDICATION_ADMINISTRATION_PROFILE,
                KapCanonicals.ESKETAMINE_ADMINISTRATION_PROFILE);
    }

    @Test
    void intravenousAdministrationWithoutRateIsRefused422NamingTheRule() throws Exception {
        HttpResponse<String> response = post("MedicationAdministration", minimalIvKetamine(false));
        assertUnprocessable(response, "kap-mad-1");
    }

    @Test
    void carePlanIsCheckedAgainstItsProfileEvenWithoutMetaProfile() throws Exception {
        String carePlan = """
                {"resourceType":"CarePlan","status":"active","intent":"plan",
                 "subject":{"reference":"Patient/kap-example-patient"}}""";
        HttpResponse<String> response = post("CarePlan", carePlan);
        assertUnprocessable(response, "CarePlan.category");
    }

    @Test
    void esketamineDoseOutsideTheDevicesIsRefused() throws Exception {
        String administration = """
                {"resourceType":"MedicationAdministration","status":"completed",
                 "medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"2201625"}]},
                 "subject":{"reference":"Patient/kap-example-esk-patient"},
                 "effectivePeriod":{"start":"2025-03-04T09:00:00-05:00","end":"2025-03-04T09:05:00-05:00"},
                 "dosage":{"route":{"coding":[{"system":"http://snomed.info/sct","code":"46713006"}]},
                   "dose":{"value":40,"unit":"mg","system":"http://unitsofmeasure.org","code":"mg"}}}""";
        assertUnprocessable(post("MedicationAdministration", administration), "kap-esk-1");
    }

    @Test
    void validateOperationTakesAProfileParameter() throws Exception {
        // Valid as a ketamine administration, but not as an esketamine one (no nasal route, dose in mg/kg).
        HttpResponse<String> asKetamine = post("MedicationAdministration/$validate", minimalIvKetamine(true));
        assertThat(errors(asKetamine.body())).isEmpty();
        HttpResponse<String> asEsketamine = post("MedicationAdministration/$validate?profile="
                + enc(KapCanonicals.ESKETAMINE_ADMINISTRATION_PROFILE), minimalIvKetamine(true));
        assertThat(errors(asEsketamine.body())).isNotEmpty();
    }

    @Test
    void ketamineDoseFarAboveTheLabelRangeIsAWarningNotARefusal() throws Exception {
        String body = minimalIvKetamine(true).replace("\"value\":35,\"unit\":\"mg\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"mg\"",
                "\"value\":6,\"unit\":\"mg/kg\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"mg/kg\"");
        HttpResponse<String> validated = post("MedicationAdministration/$validate", body);
        assertThat(errors(validated.body())).isEmpty();
        assertThat(validated.body()).contains("exceeds the anaesthetic label maximum");
        assertThat(post("MedicationAdministration", body).statusCode()).isEqualTo(201);
    }

    @Test
    void scoredResponseWithWrongStatedTotalIsRefused() throws Exception {
        String response = phq9Response(2, 27); // nine answers of weight 2 = 18, stated 27
        assertUnprocessable(post("QuestionnaireResponse", response), "disagrees with the total computed");
    }

    @Test
    void storingAScoredResponseCreatesItsScoreObservationWithTheBand() throws Exception {
        HttpResponse<String> created = post("QuestionnaireResponse", phq9Response(1, 9)); // 9 x 1 = 9: mild
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = JSON.readTree(created.body()).path("id").asText();

        JsonNode found = JSON.readTree(get("Observation?derived-from=QuestionnaireResponse/" + id).body());
        assertThat(found.path("entry")).hasSize(1);
        JsonNode score = found.path("entry").get(0).path("resource");
        assertThat(score.path("code").path("coding").get(0).path("code").asText()).isEqualTo("44261-6");
        assertThat(score.path("valueQuantity").path("value").asInt()).isEqualTo(9);
        assertThat(score.path("interpretation").get(0).path("coding").get(0).path("code").asText()).isEqualTo("mild");

        // A new version of the response updates the same score Observation rather than adding a second one.
        String amended = phq9Response(3, null).replace("\"status\":\"completed\"", "\"status\":\"amended\"")
                .replaceFirst("\\{\"resourceType\":\"QuestionnaireResponse\",", "{\"resourceType\":\"QuestionnaireResponse\",\"id\":\"" + id + "\",");
        assertThat(put("QuestionnaireResponse/" + id, amended).statusCode()).isEqualTo(200);
        JsonNode after = JSON.readTree(get("Observation?derived-from=QuestionnaireResponse/" + id).body());
        assertThat(after.path("entry")).hasSize(1);
        assertThat(after.path("entry").get(0).path("resource").path("valueQuantity").path("value").asInt()).isEqualTo(27);
    }

    // ---- helpers ----

    static String minimalIvKetamine(boolean withRate) {
        return """
                {"resourceType":"MedicationAdministration","status":"completed",
                 "medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"6130"}]},
                 "subject":{"reference":"Patient/kap-example-patient"},
                 "effectivePeriod":{"start":"2025-03-03T10:00:00-05:00","end":"2025-03-03T10:40:00-05:00"},
                 "dosage":{"route":{"coding":[{"system":"http://snomed.info/sct","code":"47625008"}]},
                   "dose":{"value":35,"unit":"mg","system":"http://unitsofmeasure.org","code":"mg"}%s}}"""
                .formatted(withRate ? ",\"rateQuantity\":{\"value\":0.875,\"unit\":\"mg/min\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"mg/min\"}" : "")
                .replace("\n", "");
    }

    /** A PHQ-9 response with every item answered with the option of the given weight, and an optional stated total. */
    static String phq9Response(int weight, Integer statedTotal) {
        String[] answers = {"LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"};
        StringBuilder items = new StringBuilder();
        for (int i = 1; i <= 9; i++) {
            items.append("{\"linkId\":\"phq9-q").append(i).append("\",\"answer\":[{\"valueCoding\":{\"system\":\"http://loinc.org\",\"code\":\"")
                    .append(answers[weight]).append("\"}}]},");
        }
        if (statedTotal != null) {
            items.append("{\"linkId\":\"phq9-total\",\"answer\":[{\"valueInteger\":").append(statedTotal).append("}]},");
        }
        items.setLength(items.length() - 1);
        return "{\"resourceType\":\"QuestionnaireResponse\",\"questionnaire\":\"" + KapCanonicals.BASE + "/Questionnaire/phq-9\","
                + "\"status\":\"completed\",\"subject\":{\"reference\":\"Patient/kap-example-patient\"},"
                + "\"authored\":\"2025-03-10T09:00:00-05:00\",\"item\":[" + items + "]}";
    }

    static void assertUnprocessable(HttpResponse<String> response, String expectedInIssues) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        JsonNode outcome = JSON.readTree(response.body());
        assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(errors(response.body())).as(response.body()).anyMatch(issue -> issue.contains(expectedInIssues));
    }

    /** The error issues of an OperationOutcome, each as its diagnostics, expressions and locations joined. */
    static List<String> errors(String outcomeJson) throws Exception {
        List<String> errors = new ArrayList<>();
        for (JsonNode issue : JSON.readTree(outcomeJson).path("issue")) {
            String severity = issue.path("severity").asText();
            if (severity.equals("error") || severity.equals("fatal")) {
                errors.add(issue.path("diagnostics").asText() + " " + issue.path("expression") + " " + issue.path("location"));
            }
        }
        return errors;
    }

    static List<String> profiles(JsonNode resource) {
        List<String> profiles = new ArrayList<>();
        resource.path("meta").path("profile").forEach(p -> profiles.add(p.asText()));
        return profiles;
    }

    IBaseResource example(String type, String id) {
        return KapGuide.load(FHIR).examples().stream()
                .filter(r -> r.fhirType().equals(type) && r.getIdElement().getIdPart().equals(id))
                .findFirst().orElseThrow();
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    HttpResponse<String> get(String path) throws Exception {
        return new DevFhirHttp(port).get(path);
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return new DevFhirHttp(port).post(path, body);
    }

    HttpResponse<String> put(String path, String body) throws Exception {
        return new DevFhirHttp(port).put(path, body);
    }
}
