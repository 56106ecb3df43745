package org.kaphub.rems;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kaphub.support.GuideExamples;
import org.kaphub.support.DevFhirHttp;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** $rems-report over real HTTP on the guide's esketamine session, and on a session recorded with gaps. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RemsReportContract {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @BeforeAll
    void storeTheGuidesExamples() throws Exception {
        GuideExamples.storeOnce(port);
    }

    @Test
    void completeSessionGivesACompletedFormFilledFromTheRecord() throws Exception {
        HttpResponse<String> response = get("MedicationAdministration/kap-example-esketamine-admin/$rems-report");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode form = parameter(response.body(), "form");
        assertThat(form.path("status").asText()).isEqualTo("completed");
        assertThat(form.path("questionnaire").asText()).isEqualTo("https://fhir.kaphub.org/Questionnaire/rems-monitoring");
        Map<String, JsonNode> answers = answers(form);
        assertThat(answers.get("dose").path("valueCoding").path("code").asText()).isEqualTo("56mg");
        assertThat(answers.get("lot-number").path("valueString").asText()).isEqualTo("ESK24A117");
        assertThat(answers.get("bp-pre-dose-systolic").path("valueInteger").asInt()).isEqualTo(128);
        assertThat(answers.get("bp-40min-systolic").path("valueInteger").asInt()).isEqualTo(146);
        assertThat(answers.get("bp-end-diastolic").path("valueInteger").asInt()).isEqualTo(84);
        assertThat(answers.get("spo2-lowest").path("valueInteger").asInt()).isEqualTo(96);
        assertThat(answers.get("monitoring-duration-min").path("valueInteger").asInt()).isEqualTo(125);
        assertThat(answers.get("rems-patient-id").path("valueString").asText()).isEqualTo("REMS-PT-4471902");
        assertThat(answers.get("first-treatment").path("valueBoolean").asBoolean()).isTrue();
        assertThat(answers.get("treatment-date").path("valueDate").asText()).isEqualTo("2025-02-04");
        assertThat(errors(parameter(response.body(), "issues"))).isEmpty();
    }

    @Test
    void incompleteSessionListsPreciselyWhatIsMissing() throws Exception {
        String id = createEsketamineSession("2025-02-11", 84, "");

        HttpResponse<String> response = get("MedicationAdministration/" + id + "/$rems-report");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode form = parameter(response.body(), "form");
        assertThat(form.path("status").asText()).isEqualTo("in-progress");
        Map<String, JsonNode> answers = answers(form);
        assertThat(answers.get("dose").path("valueCoding").path("code").asText()).isEqualTo("84mg");
        assertThat(answers.get("first-treatment").path("valueBoolean").asBoolean()).isFalse(); // the example session came first
        assertThat(errors(parameter(response.body(), "issues"))).containsExactlyInAnyOrder(
                "rems-enrolled", "monitoring-provider", "lot-number", "monitoring-duration-min", "ready-to-leave-min",
                "bp-pre-dose", "bp-40min", "bp-end", "spo2-lowest");
    }

    @Test
    void sessionWhoseEncounterIsOnlyNamedStillGivesAForm() throws Exception {
        String id = createEsketamineSession("2025-06-02", 56, "\"context\":{\"display\":\"Clinic visit, no Encounter resource\"},");

        HttpResponse<String> response = get("MedicationAdministration/" + id + "/$rems-report");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(parameter(response.body(), "form").path("status").asText()).isEqualTo("in-progress");
    }

    /** A minimal nasal esketamine session of the example patient on {@code day}; {@code more} adds JSON members. */
    private String createEsketamineSession(String day, int mg, String more) throws Exception {
        String administration = """
                {"resourceType":"MedicationAdministration","status":"completed",
                 "medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"2201625"}]},
                 "subject":{"reference":"Patient/kap-example-esk-patient"}, %s
                 "effectivePeriod":{"start":"%sT09:00:00-05:00","end":"%sT09:05:00-05:00"},
                 "dosage":{"route":{"coding":[{"system":"http://snomed.info/sct","code":"46713006"}]},
                   "dose":{"value":%d,"unit":"mg","system":"http://unitsofmeasure.org","code":"mg"}}}""".formatted(more, day, day, mg);
        HttpResponse<String> created = new DevFhirHttp(port).post("MedicationAdministration", administration);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).path("id").asText();
    }

    @Test
    void ketamineSessionIsNotAnEsketamineReport() throws Exception {
        HttpResponse<String> response = get("MedicationAdministration/kap-example-ketamine-admin-1/$rems-report");
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(response.body()).path("resourceType").asText()).isEqualTo("OperationOutcome");
    }

    private static JsonNode parameter(String parameters, String name) throws Exception {
        for (JsonNode p : JSON.readTree(parameters).path("parameter")) {
            if (p.path("name").asText().equals(name)) {
                return p.path("resource");
            }
        }
        throw new AssertionError("no parameter " + name + " in " + parameters);
    }

    private static Map<String, JsonNode> answers(JsonNode form) {
        Map<String, JsonNode> answers = new HashMap<>();
        collect(form.path("item"), answers);
        return answers;
    }

    private static void collect(JsonNode items, Map<String, JsonNode> answers) {
        for (JsonNode item : items) {
            if (item.has("answer")) {
                answers.put(item.path("linkId").asText(), item.path("answer").get(0));
            }
            collect(item.path("item"), answers);
        }
    }

    /** The linkIds the error issues point at. */
    private static List<String> errors(JsonNode outcome) {
        List<String> linkIds = new ArrayList<>();
        for (JsonNode issue : outcome.path("issue")) {
            if (issue.path("severity").asText().equals("error")) {
                String expression = issue.path("expression").get(0).asText();
                linkIds.add(expression.replaceAll(".*linkId='([^']+)'.*", "$1"));
            }
        }
        return linkIds;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return new DevFhirHttp(port).get(path);
    }
}
