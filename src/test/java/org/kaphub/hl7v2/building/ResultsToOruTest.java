package org.kaphub.hl7v2.building;

import ca.uhn.hl7v2.model.Message;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.kaphub.hl7v2.Hl7v2Fixtures;
import org.kaphub.hl7v2.building.message.MessageBuilders;
import org.kaphub.hl7v2.mapping.Instruments;
import org.kaphub.vocabulary.CodeSystems;
import org.kaphub.vocabulary.KapCanonicals;
import org.kaphub.vocabulary.Loinc;
import org.kaphub.vocabulary.Ucum;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rating scales, scores and observations → ORU^R01 → KAP Hub's inbound mapper: the same resources come back. */
class ResultsToOruTest {

    private static final String AUTHORED = "2026-03-06T07:55:00-08:00";
    private static final String V2_L = KapCanonicals.V2_CODING_SYSTEM + "L";

    // --- rating scales

    /** A completed response of an instrument with an answer option chosen for every scored (and unscored) item. */
    static QuestionnaireResponse response(String panelCode, boolean withTotal) {
        Instruments.Instrument instrument = Hl7v2Fixtures.CONTEXT.instruments().byPanelCode(panelCode).orElseThrow();
        QuestionnaireResponse response = new QuestionnaireResponse();
        response.setId("QuestionnaireResponse/qr-" + panelCode);
        response.setQuestionnaire(instrument.url());
        response.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
        response.setAuthoredElement(new DateTimeType(AUTHORED));
        List<Instruments.Item> items = new ArrayList<>(instrument.itemsByCode().values());
        items.sort(Comparator.comparing(Instruments.Item::linkId));
        int i = 0;
        for (Instruments.Item item : items) {
            if (!item.options().isEmpty()) {
                response.addItem().setLinkId(item.linkId()).addAnswer()
                        .setValue(item.options().get(i++ % item.options().size()).copy());
            } else if (withTotal) {
                response.addItem().setLinkId(item.linkId()).addAnswer().setValue(new IntegerType(7));
            }
        }
        return response;
    }

    static Observation score(String totalCode, int value) {
        Observation score = new Observation();
        score.setId("Observation/score-" + totalCode);
        score.setStatus(Observation.ObservationStatus.FINAL);
        score.setCode(new CodeableConcept(new Coding(CodeSystems.LOINC, totalCode, null)));
        score.setEffective(new DateTimeType(AUTHORED));
        score.setValue(new Quantity().setValue(value).setSystem(CodeSystems.UCUM).setCode(Ucum.SCORE).setUnit(Ucum.SCORE));
        return score;
    }

    private static Message build(Resource resource, List<Resource> along, String version) throws Exception {
        Outbound outbound = new Outbound(resource, along, PatientToAdtTest.patient(), true,
                PatientToAdtTest.receiver(version), "KH-7", Instant.parse("2026-11-30T10:00:00Z"), reference -> Optional.empty());
        return MessageBuilders.standard().find(resource).orElseThrow().build(outbound);
    }

    private static QuestionnaireResponseItemComponent item(QuestionnaireResponse response, String linkId) {
        return response.getItem().stream().filter(i -> i.getLinkId().equals(linkId)).findFirst()
                .orElseThrow(() -> new AssertionError("no item " + linkId));
    }

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource({"44249-1,44261-6,2.5.1", "44249-1,44261-6,2.3", "69737-5,70274-6,2.8", "72109-2,75626-2,2.4"})
    void aRatingScaleComesBackAsTheSameResponseWithItsTotal(String panel, String totalCode, String version) throws Exception {
        QuestionnaireResponse sent = response(panel, false);
        Message message = build(sent, List.of(score(totalCode, 9)), version);

        List<QuestionnaireResponse> back = RoundTrip.resources(RoundTrip.mapped(message), QuestionnaireResponse.class);

        assertThat(back).hasSize(1);
        QuestionnaireResponse response = back.get(0);
        assertThat(response.getQuestionnaire()).isEqualTo(sent.getQuestionnaire());
        assertThat(response.getStatus()).isEqualTo(sent.getStatus());
        assertThat(response.getAuthoredElement().getValueAsString()).isEqualTo(AUTHORED);
        for (QuestionnaireResponseItemComponent item : sent.getItem()) {
            assertThat(item(response, item.getLinkId()).getAnswerFirstRep().equalsDeep(item.getAnswerFirstRep()))
                    .as("answer of %s", item.getLinkId()).isTrue();
        }
        // The total the score Observation states travels as the response's total item.
        Instruments.Item total = Hl7v2Fixtures.CONTEXT.instruments().byPanelCode(panel).orElseThrow().item(totalCode).orElseThrow();
        assertThat(response.getItem()).hasSize(sent.getItem().size() + 1);
        assertThat(item(response, total.linkId()).getAnswerFirstRep().getValueIntegerType().getValue()).isEqualTo(9);
        assertThat(RoundTrip.encode(message)).contains("|" + panel + "^");
    }

    @Test
    void aResponseStatingItsTotalSendsThatTotalOnce() throws Exception {
        QuestionnaireResponse sent = response("44249-1", true);
        Message message = build(sent, List.of(score("44261-6", 12)), "2.5.1");

        QuestionnaireResponse back = RoundTrip.resources(RoundTrip.mapped(message), QuestionnaireResponse.class).get(0);

        assertThat(back.getItem()).hasSameSizeAs(sent.getItem());
        assertThat(item(back, "phq9-total").getAnswerFirstRep().getValueIntegerType().getValue()).isEqualTo(7);
        assertThat(RoundTrip.encode(message).split("44261-6", -1)).hasSize(2);
    }

    @ParameterizedTest
    @CsvSource({"AMENDED,C", "INPROGRESS,P", "STOPPED,X"})
    void theResponseStatusTravelsInObr25(QuestionnaireResponse.QuestionnaireResponseStatus status, String obr25) throws Exception {
        QuestionnaireResponse sent = response("69737-5", false);
        sent.setStatus(status);
        Message message = build(sent, List.of(), "2.5.1");

        assertThat(RoundTrip.resources(RoundTrip.mapped(message), QuestionnaireResponse.class).get(0).getStatus())
                .isEqualTo(status);
        assertThat(RoundTrip.encode(message)).contains("|" + obr25 + "\r");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"44261-6,44249-1,14", "70274-6,69737-5,6", "75626-2,72109-2,3", "101698-9,101697-1,35"})
    void aScoreAloneComesBackAsAScoreObservation(String totalCode, String panel, int value) throws Exception {
        Observation sent = score(totalCode, value);
        Message message = build(sent, List.of(), "2.5.1");

        List<Resource> back = RoundTrip.mapped(message).getEntry().stream().map(e -> e.getResource())
                .filter(r -> !(r instanceof org.hl7.fhir.r4.model.Patient)).toList();

        assertThat(back).hasSize(1).first().isInstanceOf(Observation.class);
        Observation score = (Observation) back.get(0);
        assertThat(score.getMeta().hasProfile(KapCanonicals.SCORE_OBSERVATION_PROFILE)).isTrue();
        assertThat(score.getCode().getCodingFirstRep().equalsDeep(sent.getCode().getCodingFirstRep())).isTrue();
        assertThat(score.getValueQuantity().equalsDeep(sent.getValueQuantity())).isTrue();
        assertThat(score.getStatus()).isEqualTo(sent.getStatus());
        assertThat(score.getEffectiveDateTimeType().getValueAsString()).isEqualTo(AUTHORED);
        assertThat(RoundTrip.encode(message)).contains("|" + panel + "^")
                .contains("OBX|1|NM|" + totalCode + "^^LN||" + value + "|{score}^^UCUM|");
    }

    @Test
    void theReceiverBandsAScoreAloneItself() throws Exception {
        Observation back = RoundTrip.resources(RoundTrip.mapped(build(score("44261-6", 14), List.of(), "2.5.1")),
                Observation.class).get(0);

        assertThat(back.getInterpretationFirstRep().getCodingFirstRep().getCode()).isEqualTo("moderate");
    }

    /**
     * The KAP guide's PCL-5 items have no LOINC codes, so the inbound side cannot read them from OBX: a PCL-5 response
     * is not sent half (its score Observation goes alone).
     */
    @Test
    void aResponseWhoseItemsHaveNoLoincCodesIsNotSentHalf() {
        QuestionnaireResponse pcl5 = response("101697-1", false);
        pcl5.addItem().setLinkId("pcl5-q1").addAnswer().setValue(new Coding("https://fhir.kaphub.org/CodeSystem/kap-pcl5-response", "2", null));

        assertThatThrownBy(() -> build(pcl5, List.of(score("101698-9", 35)), "2.5.1")).isInstanceOf(BuildException.class)
                .hasMessageContaining("pcl5-q1");
    }

    // --- vital signs

    static Observation vital(String id, String code, BigDecimal value, String ucum) {
        Observation vital = new Observation();
        vital.setId("Observation/" + id);
        vital.setStatus(Observation.ObservationStatus.FINAL);
        vital.setCode(new CodeableConcept(new Coding(CodeSystems.LOINC, code, null)));
        vital.setEffective(new DateTimeType("2026-03-06T10:40:00-05:00"));
        vital.setValue(new Quantity().setValue(value).setSystem(CodeSystems.UCUM).setCode(ucum).setUnit(ucum));
        return vital;
    }

    static Observation bloodPressure() {
        Observation bp = vital("bp-1", Loinc.BLOOD_PRESSURE_PANEL, BigDecimal.ONE, Ucum.MILLIMETRE_OF_MERCURY);
        bp.setValue(null);
        bp.addComponent().setCode(new CodeableConcept(new Coding(CodeSystems.LOINC, Loinc.DIASTOLIC_BLOOD_PRESSURE, null)))
                .setValue(new Quantity().setValue(88).setSystem(CodeSystems.UCUM).setCode(Ucum.MILLIMETRE_OF_MERCURY).setUnit("mmHg"));
        bp.addComponent().setCode(new CodeableConcept(new Coding(CodeSystems.LOINC, Loinc.SYSTOLIC_BLOOD_PRESSURE, null)))
                .setValue(new Quantity().setValue(142).setSystem(CodeSystems.UCUM).setCode(Ucum.MILLIMETRE_OF_MERCURY).setUnit("mmHg"));
        return bp;
    }

    private static Observation roundTripped(Observation sent, String version) throws Exception {
        List<Observation> back = RoundTrip.resources(RoundTrip.mapped(build(sent, List.of(), version)), Observation.class);
        assertThat(back).hasSize(1);
        return back.get(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.3", "2.5.1", "2.8"})
    void bloodPressureTravelsAsSystolicAndDiastolicAndComesBackAsOnePanel(String version) throws Exception {
        Observation sent = bloodPressure();
        Message message = build(sent, List.of(), version);

        Observation back = RoundTrip.resources(RoundTrip.mapped(message), Observation.class).get(0);

        assertThat(RoundTrip.encode(message)).contains("OBX|1|NM|8480-6^^LN||142|mm[Hg]^mmHg^UCUM|")
                .contains("OBX|2|NM|8462-4^^LN||88|mm[Hg]^mmHg^UCUM|");
        assertThat(back.getMeta().hasProfile(KapCanonicals.BLOOD_PRESSURE_PROFILE)).isTrue();
        assertThat(back.getCode().getCodingFirstRep().getCode()).isEqualTo(Loinc.BLOOD_PRESSURE_PANEL);
        assertThat(back.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2026-03-06T10:40:00-05:00");
        for (String part : List.of(Loinc.SYSTOLIC_BLOOD_PRESSURE, Loinc.DIASTOLIC_BLOOD_PRESSURE)) {
            Quantity sentValue = sent.getComponent().stream().filter(c -> c.getCode().getCodingFirstRep().getCode().equals(part))
                    .findFirst().orElseThrow().getValueQuantity();
            Quantity backValue = back.getComponent().stream().filter(c -> c.getCode().getCodingFirstRep().getCode().equals(part))
                    .findFirst().orElseThrow().getValueQuantity();
            assertThat(backValue.getValue()).isEqualByComparingTo(sentValue.getValue());
            assertThat(backValue.getSystem()).isEqualTo(sentValue.getSystem());
            assertThat(backValue.getCode()).isEqualTo(sentValue.getCode());
            assertThat(backValue.getUnit()).as("the unit as written (OBX-6.2)").isEqualTo(sentValue.getUnit());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"8867-4,84,/min," + KapCanonicals.HEART_RATE_PROFILE, "9279-1,14,/min," + KapCanonicals.RESPIRATORY_RATE_PROFILE,
            "2708-6,97,%," + KapCanonicals.OXYGEN_SATURATION_PROFILE})
    void aVitalSignComesBackWithItsProfileCodeAndValue(String code, BigDecimal value, String ucum, String profile) throws Exception {
        Observation sent = vital("v-" + code, code, value, ucum);

        Observation back = roundTripped(sent, "2.5.1");

        assertThat(back.getMeta().hasProfile(profile)).isTrue();
        assertThat(back.getCode().getCodingFirstRep().getCode()).isEqualTo(code);
        assertThat(back.getValueQuantity().equalsDeep(sent.getValueQuantity())).isTrue();
        assertThat(back.getStatus()).isEqualTo(sent.getStatus());
        assertThat(back.getEffectiveDateTimeType().getValueAsString()).isEqualTo(sent.getEffectiveDateTimeType().getValueAsString());
    }

    @Test
    void pulseOximetryKeepsBothCodes() throws Exception {
        Observation sent = vital("spo2", Loinc.OXYGEN_SATURATION, BigDecimal.valueOf(98), Ucum.PERCENT);
        sent.getCode().addCoding(new Coding(CodeSystems.LOINC, Loinc.PULSE_OXIMETRY, null));

        Observation back = roundTripped(sent, "2.5.1");

        assertThat(back.getCode().getCoding()).extracting(Coding::getCode)
                .containsExactlyInAnyOrder(Loinc.OXYGEN_SATURATION, Loinc.PULSE_OXIMETRY);
    }

    @Test
    void aBodyTemperatureComesBackWithItsUcumUnit() throws Exception {
        Observation sent = vital("temp", "8310-5", new BigDecimal("36.8"), "Cel");

        Observation back = roundTripped(sent, "2.5.1");

        assertThat(back.getCode().getCodingFirstRep().equalsDeep(sent.getCode().getCodingFirstRep())).isTrue();
        assertThat(back.getValueQuantity().equalsDeep(sent.getValueQuantity())).isTrue();
    }

    // --- REMS monitoring findings and other observations: every OBX value type

    static Observation finding(String code, Type value) {
        Observation finding = new Observation();
        finding.setId("Observation/f-" + code);
        finding.setStatus(Observation.ObservationStatus.PRELIMINARY);
        finding.setCode(new CodeableConcept(new Coding(V2_L, code, null)).setText(code.toLowerCase()));
        finding.setEffective(new DateTimeType("2026-03-06T11:30:00-05:00"));
        finding.setValue(value);
        return finding;
    }

    static List<Observation> findings() {
        Observation sedation = finding("SEDATION", new CodeableConcept(new Coding(CodeSystems.SNOMED_CT, "373067005", null)).setText("No"));
        sedation.addInterpretation(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "N", null)).setText("Normal"));
        sedation.addReferenceRange().setText("none");
        return List.of(sedation,
                finding("MONMIN", new Quantity().setComparator(Quantity.QuantityComparator.GREATER_OR_EQUAL).setValue(120)
                        .setSystem(CodeSystems.UCUM).setCode("min").setUnit("min")),
                finding("CADSS", new Quantity().setValue(6).setUnit("points")),
                finding("NOTE", new StringType("Mild dissociation at 20 min, resolved by 75 min.\nDischarged with escort | safe & sound.")),
                finding("SHORT", new StringType("resolved")),
                finding("NEXTDOSE", new DateTimeType("2026-03-09T09:30:00-05:00")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.3", "2.5.1", "2.8"})
    void aFindingComesBackWithItsValueCodeAndStatus(String version) throws Exception {
        for (Observation sent : findings()) {
            Observation back = roundTripped(sent, version);

            String what = sent.getCode().getCodingFirstRep().getCode() + " in " + version;
            assertThat(back.getCode().equalsDeep(sent.getCode())).as(what).isTrue();
            assertThat(back.getStatus()).as(what).isEqualTo(sent.getStatus());
            assertThat(back.getEffectiveDateTimeType().getValueAsString()).as(what).isEqualTo("2026-03-06T11:30:00-05:00");
            if (sent.getValue() instanceof DateTimeType dateTime) {
                assertThat(back.getValueDateTimeType().getValueAsString()).as(what).isEqualTo(dateTime.getValueAsString());
            } else {
                assertThat(back.getValue().equalsDeep(sent.getValue())).as(what).isTrue();
            }
            assertThat(back.getInterpretation()).as(what).hasSameSizeAs(sent.getInterpretation());
            for (int i = 0; i < sent.getInterpretation().size(); i++) {
                assertThat(back.getInterpretation().get(i).equalsDeep(sent.getInterpretation().get(i))).as(what).isTrue();
            }
            assertThat(back.getReferenceRangeFirstRep().getText()).as(what).isEqualTo(sent.getReferenceRangeFirstRep().getText());
        }
    }

    // --- conformance

    static List<Resource> everyKind() {
        List<Resource> kinds = new ArrayList<>(List.of(response("44249-1", false), response("72109-2", true),
                score("70274-6", 6), bloodPressure(), vital("hr", Loinc.HEART_RATE, BigDecimal.valueOf(72), Ucum.PER_MINUTE)));
        kinds.addAll(findings());
        return kinds;
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.3", "2.4", "2.5.1", "2.8"})
    void everyMessageConformsToTheReceiversVersion(String version) throws Exception {
        for (Resource resource : everyKind()) {
            Message strict = RoundTrip.strictlyParsed(build(resource, List.of(score("44261-6", 3)), version));

            assertThat(strict.getVersion()).as(resource.getIdElement().getIdPart()).isEqualTo(version);
            assertThat(RoundTrip.encode(strict)).contains("|ORU^R01").contains("|KH-7|P|" + version);
        }
    }

    // --- what cannot be said

    @Test
    void aResponseEnteredInErrorIsNotSent() {
        QuestionnaireResponse response = response("44249-1", false);
        response.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.ENTEREDINERROR);

        assertThatThrownBy(() -> build(response, List.of(), "2.5.1")).isInstanceOf(BuildException.class)
                .hasMessageContaining("table 0123");
    }

    @Test
    void aResponseWithAnItemOutsideTheInstrumentIsNotSent() {
        QuestionnaireResponse response = response("44249-1", false);
        response.addItem().setLinkId("free-text").addAnswer().setValue(new StringType("secret words"));

        assertThatThrownBy(() -> build(response, List.of(), "2.5.1")).isInstanceOf(BuildException.class)
                .hasMessageContaining("free-text").hasMessageNotContaining("secret");
    }

    @Test
    void aValueWithoutAnObxTypeIsNotSent() {
        Observation observation = finding("FLAG", new BooleanType(true));

        assertThatThrownBy(() -> build(observation, List.of(), "2.5.1")).isInstanceOf(BuildException.class)
                .hasMessageContaining("boolean");
    }

    @Test
    void aQuestionnaireThatIsNoRatingScaleIsNotAnOru() {
        QuestionnaireResponse rems = new QuestionnaireResponse().setQuestionnaire(KapCanonicals.REMS_MONITORING_FORM);

        assertThat(MessageBuilders.standard().find(rems)).isEmpty();
    }
}
