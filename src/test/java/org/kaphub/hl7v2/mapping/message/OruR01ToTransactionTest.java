package org.kaphub.hl7v2.mapping.message;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kaphub.hl7v2.mapping.Locations;
import org.kaphub.hl7v2.mapping.MappingException;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.kaphub.hl7v2.Hl7v2Fixtures.MRN;
import static org.kaphub.hl7v2.Hl7v2Fixtures.fixture;
import static org.kaphub.hl7v2.Hl7v2Fixtures.map;
import static org.kaphub.hl7v2.Hl7v2Fixtures.mapFixture;
import static org.kaphub.hl7v2.Hl7v2Fixtures.parse;

/** ORU^R01 → QuestionnaireResponse (rating-scale panel), vital-sign and score Observations. */
class OruR01ToTransactionTest {

    private static final String PANEL = "oru-r01-phq9-panel.hl7";
    private static final String TOTAL = "oru-r01-phq9-total.hl7";
    private static final String PANEL_TOTAL_ONLY = "oru-r01-phq9-panel-total-only.hl7";
    private static final String SCORE_INTERPRETATION = "https://fhir.kaphub.org/CodeSystem/kap-score-interpretation";
    private static final String VITALS = "oru-r01-vitals.hl7";
    private static final String LOINC = "http://loinc.org";
    private static final String UCUM = "http://unitsofmeasure.org";
    private static final String SD = "https://fhir.kaphub.org/StructureDefinition/";
    private static final String OBSERVATION_SYSTEM = "https://kaphub.org/fhir/sid/SOUTHCLINIC/observation";

    // --- PHQ-9 panel → QuestionnaireResponse

    @Test
    void phq9PanelBecomesOneQuestionnaireResponse() throws MappingException {
        Bundle bundle = mapFixture(PANEL);

        assertThat(bundle.getEntry()).hasSize(2);
        BundleEntryComponent entry = bundle.getEntry().get(1);
        assertThat(entry.getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.PUT);
        assertThat(entry.getRequest().getUrl()).isEqualTo("QuestionnaireResponse?identifier="
                + "https://kaphub.org/fhir/sid/SOUTHCLINIC/questionnaire-response|PHQ-" + MRN + "-1-44249-1");
        QuestionnaireResponse response = (QuestionnaireResponse) entry.getResource();
        assertThat(response.getQuestionnaire()).isEqualTo("https://fhir.kaphub.org/Questionnaire/phq-9");
        assertThat(response.getStatus()).isEqualTo(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
        assertThat(response.getAuthoredElement().getValueAsString()).isEqualTo("2024-03-06T07:55:00-08:00");
        assertThat(response.getSubject().getReference()).isEqualTo(bundle.getEntry().get(0).getFullUrl());
    }

    @Test
    void phq9ItemsGetTheirLinkIdsAndAnswerOptions() throws MappingException {
        QuestionnaireResponse response = resources(mapFixture(PANEL), QuestionnaireResponse.class).get(0);

        assertThat(response.getItem())
                .extracting(QuestionnaireResponseItemComponent::getLinkId,
                        i -> i.getAnswerFirstRep().getValueCoding().getSystem(),
                        i -> i.getAnswerFirstRep().getValueCoding().getCode())
                .containsExactly(
                        tuple("phq9-q1", LOINC, "LA6570-1"),
                        tuple("phq9-q2", LOINC, "LA6571-9"),
                        tuple("phq9-q3", LOINC, "LA6570-1"),
                        tuple("phq9-q4", LOINC, "LA6569-3"),
                        tuple("phq9-q5", LOINC, "LA6569-3"),
                        tuple("phq9-q6", LOINC, "LA6570-1"),
                        // OBX-7 is NM 1: the answer option whose itemWeight is 1
                        tuple("phq9-q7", LOINC, "LA6569-3"),
                        tuple("phq9-q8", LOINC, "LA6568-5"),
                        tuple("phq9-q9", LOINC, "LA6568-5"));
    }

    @Test
    void panelTotalItemIsAnInteger() throws MappingException {
        String text = fixture(PANEL) + "OBX|10|NM|44261-6^PHQ-9 total score^LN||13||||||F\n";

        QuestionnaireResponse response = resources(map(parse(text.split("\n"))), QuestionnaireResponse.class).get(0);

        QuestionnaireResponseItemComponent total = response.getItem().get(9);
        assertThat(total.getLinkId()).isEqualTo("phq9-total");
        assertThat(total.getAnswerFirstRep().getValueIntegerType().getValue()).isEqualTo(13);
    }

    @ParameterizedTest(name = "OBR-25 {0} → {1}")
    @CsvSource({"F, completed", "C, amended", "P, in-progress"})
    void responseStatusFollowsObr25(String resultStatus, String status) throws MappingException {
        String text = fixture(PANEL).replace("||||F\nOBX|1|", "||||" + resultStatus + "\nOBX|1|");

        assertThat(resources(map(parse(text.split("\n"))), QuestionnaireResponse.class).get(0).getStatus().toCode())
                .isEqualTo(status);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            // name; replaced text; replacement; 0357 code; segment; sequence; field
            "answer not an option of the item; OBX|8|CWE|44253-3^Moving or speaking slowly^LN||LA6568-5^Not at all^LN; "
                    + "OBX|8|CWE|44253-3^Moving or speaking slowly^LN||LA9999-9^Never^LN; 103; OBX; 8; 5",
            "weight without an option;         OBX|7|NM|44252-5^Trouble concentrating^LN||1; OBX|7|NM|44252-5^Trouble concentrating^LN||7; 103; OBX; 7; 5",
            "item not in the Questionnaire;    OBX|9|CWE|44260-8; OBX|9|CWE|12345-6;                                        103; OBX; 9; 3",
            "unknown OBR-25;                   ||||F\\nOBX|1|; ||||Q\\nOBX|1|;                                                 103; OBR; 1; 25",
    })
    void panelContentErrors(String name, String replaced, String replacement, int code, String segment, int sequence, int field) {
        String text = fixture(PANEL).replace(replaced.replace("\\n", "\n"), replacement.replace("\\n", "\n"));
        assertThat(text).isNotEqualTo(fixture(PANEL));

        MappingException e = mappingError(parse(text.split("\n")));

        assertThat(e.getErrorCode()).isEqualTo(code);
        assertThat(e.getLocation()).isEqualTo(Locations.field(segment, sequence, field));
    }

    @Test
    void panelWithoutAnyTimeFailsAtObr7() {
        String text = fixture(PANEL).replace("|||20240306075500-0800|", "||||");

        MappingException e = mappingError(parse(text.split("\n")));

        assertThat(e.getErrorCode()).isEqualTo(101);
        assertThat(e.getLocation()).isEqualTo(Locations.field("OBR", 1, 7));
    }

    // --- vitals → KAP vital-sign Observations

    @Test
    void vitalsBecomeABloodPressurePanelAndOneObservationPerOtherSign() throws MappingException {
        Bundle bundle = mapFixture(VITALS);

        String order = "VIT-" + MRN + "-40";
        assertThat(bundle.getEntry()).hasSize(5);
        assertThat(bundle.getEntry().subList(1, 5)).extracting(e -> e.getRequest().getMethod() + " " + e.getRequest().getUrl())
                .containsExactly(
                        "PUT Observation?identifier=" + OBSERVATION_SYSTEM + "|" + order + "-85354-9",
                        "PUT Observation?identifier=" + OBSERVATION_SYSTEM + "|" + order + "-8867-4",
                        "PUT Observation?identifier=" + OBSERVATION_SYSTEM + "|" + order + "-59408-5",
                        "PUT Observation?identifier=" + OBSERVATION_SYSTEM + "|" + order + "-9279-1");
    }

    @Test
    void bloodPressurePanelHasSystolicAndDiastolicComponents() throws MappingException {
        Observation bp = resources(mapFixture(VITALS), Observation.class).get(0);

        assertThat(bp.getMeta().getProfile()).extracting(p -> p.getValue()).containsExactly(SD + "kap-blood-pressure");
        assertThat(bp.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("vital-signs");
        assertThat(bp.getCode().getCodingFirstRep()).extracting(Coding::getSystem, Coding::getCode).containsExactly(LOINC, "85354-9");
        assertThat(bp.getStatus()).isEqualTo(Observation.ObservationStatus.FINAL);
        assertThat(bp.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2024-03-06T10:00:00-08:00");
        assertThat(bp.hasValue()).isFalse();
        assertThat(bp.getComponent()).extracting(c -> c.getCode().getCodingFirstRep().getCode(),
                        c -> c.getValueQuantity().getValue().intValue(), c -> c.getValueQuantity().getSystem(),
                        c -> c.getValueQuantity().getCode())
                .containsExactly(tuple("8480-6", 148, UCUM, "mm[Hg]"), tuple("8462-4", 92, UCUM, "mm[Hg]"));
    }

    @Test
    void otherVitalSignsCarryProfileCodeAndUcumValue() throws MappingException {
        List<Observation> observations = resources(mapFixture(VITALS), Observation.class);

        assertThat(observations.subList(1, 4)).extracting(o -> o.getMeta().getProfile().get(0).getValue(),
                        o -> o.getCode().getCodingFirstRep().getCode(), o -> o.getValueQuantity().getValue().intValue(),
                        o -> o.getValueQuantity().getCode())
                .containsExactly(
                        tuple(SD + "kap-heart-rate", "8867-4", 88, "/min"),
                        tuple(SD + "kap-oxygen-saturation", "59408-5", 97, "%"),
                        tuple(SD + "kap-respiratory-rate", "9279-1", 14, "/min"));
        // pulse oximetry also carries the arterial saturation code the base vital-sign profile requires
        assertThat(observations.get(2).getCode().getCoding()).extracting(Coding::getCode).containsExactly("59408-5", "2708-6");
        assertThat(observations).allMatch(o -> o.getValueQuantity().getSystem() == null || UCUM.equals(o.getValueQuantity().getSystem()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "heart rate in mmHg;  88|/min^per minute^UCUM;  88|mm[Hg]^mmHg^UCUM; 103; 3; 6",
            "heart rate no units; 88|/min^per minute^UCUM;  88|;                  101; 3; 6",
            "heart rate not a number; 88|/min^per minute^UCUM; fast|/min^per minute^UCUM; 102; 3; 5",
            "unknown OBX-11;      14|/min^per minute^UCUM|||||F; 14|/min^per minute^UCUM|||||Q; 103; 5; 11",
    })
    void vitalSignContentErrors(String name, String replaced, String replacement, int code, int obx, int field) {
        String text = fixture(VITALS).replace(replaced, replacement);
        assertThat(text).isNotEqualTo(fixture(VITALS));

        MappingException e = mappingError(parse(text.split("\n")));

        assertThat(e.getErrorCode()).isEqualTo(code);
        assertThat(e.getLocation()).isEqualTo(Locations.field("OBX", obx, field));
    }

    // --- scale total without its panel → KAP score Observation

    @Test
    void phq9TotalBecomesAScoreObservation() throws MappingException {
        Bundle bundle = mapFixture(TOTAL);

        assertThat(bundle.getEntry()).hasSize(2);
        assertThat(bundle.getEntry().get(1).getRequest().getUrl())
                .isEqualTo("Observation?identifier=" + OBSERVATION_SYSTEM + "|PHQT-" + MRN + "-2-44261-6");
        Observation score = (Observation) bundle.getEntry().get(1).getResource();
        assertThat(score.getMeta().getProfile().get(0).getValue()).isEqualTo(SD + "kap-score-observation");
        assertThat(score.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("survey");
        assertThat(score.getCode().getCodingFirstRep()).extracting(Coding::getSystem, Coding::getCode).containsExactly(LOINC, "44261-6");
        Quantity value = score.getValueQuantity();
        assertThat(value.getValue()).isEqualByComparingTo("14");
        assertThat(value.getSystem()).isEqualTo(UCUM);
        assertThat(value.getCode()).isEqualTo("{score}");
        // no OBX-14: OBR-7
        assertThat(score.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2024-03-13T07:55:00-08:00");
    }

    @Test
    void panelSentAsItsTotalAloneBecomesAScoreObservationWithItsBandAndNoQuestionnaireResponse() throws MappingException {
        Bundle bundle = mapFixture(PANEL_TOTAL_ONLY);

        assertThat(resources(bundle, QuestionnaireResponse.class)).isEmpty();
        assertThat(bundle.getEntry()).hasSize(2);
        assertThat(bundle.getEntry().get(1).getRequest().getUrl())
                .isEqualTo("Observation?identifier=" + OBSERVATION_SYSTEM + "|PHQ-" + MRN + "-5-44261-6");
        Observation score = (Observation) bundle.getEntry().get(1).getResource();
        assertThat(score.getMeta().getProfile()).extracting(p -> p.getValue()).containsExactly(SD + "kap-score-observation");
        assertThat(score.getCode().getCodingFirstRep()).extracting(Coding::getSystem, Coding::getCode).containsExactly(LOINC, "44261-6");
        assertThat(score.getValueQuantity().getValue()).isEqualByComparingTo("17");
        assertThat(score.getValueQuantity().getCode()).isEqualTo("{score}");
        // OBX-14 wins over OBR-7
        assertThat(score.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2024-03-20T07:50:00-08:00");
        assertThat(score.getSubject().getReference()).isEqualTo(bundle.getEntry().get(0).getFullUrl());
        // PHQ-9 15–19: the Questionnaire's band
        assertThat(score.getInterpretationFirstRep().getCodingFirstRep()).extracting(Coding::getSystem, Coding::getCode)
                .containsExactly(SCORE_INTERPRETATION, "moderately-severe");
        assertThat(score.hasDerivedFrom()).isFalse();
    }

    @ParameterizedTest(name = "{0} total {2} → {3}")
    @CsvSource({
            "44249-1^PHQ-9 panel, 44261-6^PHQ-9 total score, 0, none-minimal",
            "44249-1^PHQ-9 panel, 44261-6^PHQ-9 total score, 27, severe",
            "69737-5^GAD-7 panel, 70274-6^GAD-7 total score, 12, moderate",
            "101697-1^PCL-5 panel, 101698-9^PCL-5 total score, 33, screen-positive",
            "72109-2^AUDIT-C panel, 75626-2^AUDIT-C total score, 3, screen-positive",
    })
    void everyKapInstrumentSentAsItsTotalAloneGetsItsBand(String panel, String total, int value, String band)
            throws MappingException {
        Bundle bundle = map(parse(oruTotal(panel, total, Integer.toString(value), "F")));

        assertThat(resources(bundle, QuestionnaireResponse.class)).isEmpty();
        Observation score = resources(bundle, Observation.class).get(0);
        assertThat(score.getCode().getCodingFirstRep().getCode()).isEqualTo(total.split("\\^")[0]);
        assertThat(score.getValueQuantity().getValue()).isEqualByComparingTo(Integer.toString(value));
        assertThat(score.getInterpretationFirstRep().getCodingFirstRep().getCode()).isEqualTo(band);
    }

    @ParameterizedTest(name = "AUDIT-C 3, PID-8 {0} → {1}")
    @CsvSource({"F, screen-positive", "M, screen-negative", "U, screen-positive", "'', screen-positive"})
    void auditCBandFollowsThePatientsSex(String sex, String band) throws MappingException {
        Bundle bundle = map(parse(oruTotal("72109-2^AUDIT-C panel", "75626-2^AUDIT-C total score", "3", sex)));

        assertThat(resources(bundle, Observation.class).get(0).getInterpretationFirstRep().getCodingFirstRep().getCode())
                .isEqualTo(band);
    }

    @ParameterizedTest(name = "{0} total {2}")
    @CsvSource({
            "44249-1^PHQ-9 panel, 44261-6^PHQ-9 total score, 28",
            "44249-1^PHQ-9 panel, 44261-6^PHQ-9 total score, -1",
            "69737-5^GAD-7 panel, 70274-6^GAD-7 total score, 22",
            // the total alone, without its panel
            "29463-7^Something else, 44261-6^PHQ-9 total score, 30",
    })
    void aTotalOutOfItsInstrumentsRangeIsAnErrorAtObx5(String panel, String total, String value) {
        MappingException e = mappingError(parse(oruTotal(panel, total, value, "F")));

        assertThat(e.getErrorCode()).isEqualTo(207);
        assertThat(Locations.name(e.getLocation())).isEqualTo("OBX-5");
    }

    @Test
    void panelWithItemsAndItsTotalStaysAQuestionnaireResponse() throws MappingException {
        String text = fixture(PANEL) + "OBX|10|NM|44261-6^PHQ-9 total score^LN||12||||||F\n";

        Bundle bundle = map(parse(text.split("\n")));

        assertThat(resources(bundle, QuestionnaireResponse.class)).hasSize(1);
        assertThat(resources(bundle, Observation.class)).isEmpty();
    }

    /** One ORU^R01 with a panel OBR and a single NM total OBX; PID-8 the patient's sex. */
    private static String[] oruTotal(String panel, String total, String value, String sex) {
        return new String[]{
                "MSH|^~\\&|KAPEHR|SOUTHCLINIC|KAPHUB|KAP|20240306080000-0800||ORU^R01^ORU_R01|C-9|P|2.5.1",
                "PID|1||" + MRN + "^^^SOUTHCLINIC^MR||HALVORSEN^INGRID||19840712|" + sex,
                "OBR|1||SC-" + MRN + "^KAPEHR|" + panel + "^LN|||20240306075500-0800",
                "OBX|1|NM|" + total + "^LN||" + value + "|{score}|||||F"};
    }

    // --- anything else → plain Observation

    @Test
    void otherObservationsKeepTheirValueTypeAndWithoutOrderNumbersKeyOnPatientCodeAndTime() throws MappingException {
        Bundle bundle = map(parse(
                "MSH|^~\\&|KAPEHR|SOUTHCLINIC|KAPHUB|KAP|20240306080000-0800||ORU^R01^ORU_R01|C-9|P|2.5.1",
                "PID|1||" + MRN + "^^^SOUTHCLINIC^MR||HALVORSEN^INGRID",
                "OBR|1|||29463-7^Body weight^LN|||20240306080000-0800",
                "OBX|1|NM|29463-7^Body weight^LN||72.5|kg|||||F",
                "OBX|2|ST|8302-2^Body height^LN||tall||||||P",
                "OBX|3|CWE|72166-2^Tobacco smoking status^LN||LA15920-4^Former smoker^LN||||||F",
                "OBX|4|SN|2345-7^Glucose^LN||>^200|mg/dL|||||F"));

        List<Observation> observations = resources(bundle, Observation.class);
        assertThat(observations).hasSize(4);
        assertThat(observations.get(0).getIdentifierFirstRep().getValue())
                .isEqualTo(MRN + "-29463-7-2024-03-06T08:00:00-08:00");
        assertThat(observations.get(0).getValueQuantity().getValue()).isEqualByComparingTo("72.5");
        assertThat(observations.get(0).getValueQuantity().getCode()).isEqualTo("kg");
        assertThat(observations.get(1).getValueStringType().getValue()).isEqualTo("tall");
        assertThat(observations.get(1).getStatus()).isEqualTo(Observation.ObservationStatus.PRELIMINARY);
        assertThat(observations.get(2).getValueCodeableConcept().getCodingFirstRep().getCode()).isEqualTo("LA15920-4");
        assertThat(observations.get(3).getValueQuantity().getComparator()).isEqualTo(Quantity.QuantityComparator.GREATER_THAN);
        assertThat(observations.get(3).getValueQuantity().getValue()).isEqualByComparingTo("200");
    }

    @Test
    void oruWithoutObxFails() {
        MappingException e = mappingError(parse(
                "MSH|^~\\&|KAPEHR|SOUTHCLINIC|KAPHUB|KAP|20240306080000-0800||ORU^R01^ORU_R01|C-9|P|2.5.1",
                "PID|1||" + MRN + "^^^SOUTHCLINIC^MR||HALVORSEN^INGRID",
                "OBR|1|||29463-7^Body weight^LN|||20240306080000-0800"));

        assertThat(e.getErrorCode()).isEqualTo(100);
        assertThat(e.getLocation()).isEqualTo(Locations.segment("OBX", 1));
    }

    private static <T> List<T> resources(Bundle bundle, Class<T> type) {
        return bundle.getEntry().stream().map(BundleEntryComponent::getResource).filter(type::isInstance).map(type::cast).toList();
    }

    private static MappingException mappingError(ca.uhn.hl7v2.model.Message message) {
        MappingException e = catchThrowableOfType(() -> map(message), MappingException.class);
        assertThat(e).as("MappingException").isNotNull();
        return e;
    }
}
