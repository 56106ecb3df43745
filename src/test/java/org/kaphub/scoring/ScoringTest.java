package org.kaphub.scoring;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.kaphub.profiles.KapGuide;
import org.kaphub.vocabulary.CoreExtensions;
import org.kaphub.vocabulary.KapCanonicals;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Totals and bands computed from the guide's own Questionnaires (weights and bands are data, not code). */
class ScoringTest {

    private static final KapGuide GUIDE = KapGuide.load(FhirContext.forR4Cached());
    private static final String[] FREQUENCY = {"LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"};

    static ScoredQuestionnaire questionnaire(String id) {
        return GUIDE.conformanceResources().stream()
                .filter(r -> r instanceof Questionnaire q && q.getIdElement().getIdPart().equals(id))
                .map(r -> ScoredQuestionnaire.of((Questionnaire) r).orElseThrow())
                .findFirst().orElseThrow();
    }

    static QuestionnaireResponse answered(String prefix, int items, int... weights) {
        QuestionnaireResponse response = new QuestionnaireResponse();
        for (int i = 1; i <= items; i++) {
            response.addItem().setLinkId(prefix + i).addAnswer()
                    .setValue(new Coding("http://loinc.org", FREQUENCY[weights[(i - 1) % weights.length]], null));
        }
        return response;
    }

    @ParameterizedTest(name = "PHQ-9 answers weighted {0} → total {1}, band {2}")
    @CsvSource({"0, 0, none-minimal", "1, 9, mild", "3, 27, severe"})
    void phq9TotalAndBandFollowTheQuestionnaire(int weight, int total, String band) {
        QuestionnaireScore score = Scoring.score(questionnaire("phq-9"), answered("phq9-q", 9, weight));
        assertThat(score.computed()).contains(BigDecimal.valueOf(total));
        assertThat(score.band().map(Coding::getCode)).contains(band);
        assertThat(score.questionnaire().totalCode().getCode()).isEqualTo("44261-6");
    }

    @Test
    void phq9MixedAnswersAreSummedAcrossBandBoundaries() {
        // 2,2,2,2,2,2,1,1,0 = 14 → moderate (10–14); one more point would be moderately severe
        QuestionnaireResponse response = answered("phq9-q", 9, 2, 2, 2, 2, 2, 2, 1, 1, 0);
        QuestionnaireScore score = Scoring.score(questionnaire("phq-9"), response);
        assertThat(score.computed()).contains(BigDecimal.valueOf(14));
        assertThat(score.band().map(Coding::getCode)).contains("moderate");
    }

    @Test
    void theScoreObservationCarriesTheResponsesSecurityLabels() {
        QuestionnaireResponse response = answered("phq9-q", 9, 1);
        response.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
        response.getMeta().addSecurity("http://terminology.hl7.org/CodeSystem/v3-ActCode", "ETH", "substance abuse information sensitivity");
        response.getMeta().addSecurity("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "R", "restricted");
        Observation observation = ScoreObservations.observation(response, "QuestionnaireResponse/1",
                Scoring.score(questionnaire("phq-9"), response));
        assertThat(observation.getMeta().getSecurity()).extracting(Coding::getCode).containsExactly("ETH", "R");
    }

    @Test
    void aMalformedBandOrWeightIsLeftOutNotFatal() {
        Questionnaire malformed = GUIDE.conformanceResources().stream()
                .filter(r -> r instanceof Questionnaire q && q.getIdElement().getIdPart().equals("phq-9"))
                .map(r -> ((Questionnaire) r).copy()).findFirst().orElseThrow();
        Questionnaire.QuestionnaireItemComponent total = malformed.getItem().stream()
                .filter(i -> i.hasExtension(KapCanonicals.SCORE_BAND)).findFirst().orElseThrow();
        total.getExtensionsByUrl(KapCanonicals.SCORE_BAND).get(0).getExtensionByUrl("low").setValue(new DecimalType("0.5"));
        // the first item's first option ("not at all", weight 0) gets a weight that is no number
        item(malformed.getItem(), "phq9-q1").getAnswerOptionFirstRep().getExtension().stream()
                .filter(e -> e.getUrl().equals(CoreExtensions.ITEM_WEIGHT) || e.getUrl().equals(CoreExtensions.ORDINAL_VALUE))
                .findFirst().orElseThrow().setValue(new StringType("zero"));

        ScoredQuestionnaire scored = ScoredQuestionnaire.of(malformed).orElseThrow();
        int bands = questionnaire("phq-9").bands().size();
        assertThat(scored.bands()).hasSize(bands - 1);
        QuestionnaireScore score = Scoring.score(scored, answered("phq9-q", 9, 3));
        assertThat(score.computed()).contains(BigDecimal.valueOf(27));
    }

    private static Questionnaire.QuestionnaireItemComponent item(List<Questionnaire.QuestionnaireItemComponent> items, String linkId) {
        for (Questionnaire.QuestionnaireItemComponent item : items) {
            if (linkId.equals(item.getLinkId())) {
                return item;
            }
            Questionnaire.QuestionnaireItemComponent found = item(item.getItem(), linkId);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    @Test
    void gad7TotalIsComputed() {
        QuestionnaireScore score = Scoring.score(questionnaire("gad-7"), answered("gad7-q", 7, 3));
        assertThat(score.computed()).contains(BigDecimal.valueOf(21));
        assertThat(score.questionnaire().totalCode().getCode()).isEqualTo("70274-6");
    }

    @Test
    void gad7ItemTwoAcceptsMoreDaysThanNotAsWeightTwo() {
        QuestionnaireResponse response = answered("gad7-q", 7, 0);
        response.getItem().get(1).getAnswerFirstRep().setValue(new Coding("http://loinc.org", "LA18938-3", null));
        assertThat(Scoring.score(questionnaire("gad-7"), response).computed()).contains(BigDecimal.valueOf(2));
    }

    @Test
    void aMissingAnswerLeavesNoTotalAndNamesTheItem() {
        QuestionnaireResponse response = answered("phq9-q", 8, 1);
        QuestionnaireScore score = Scoring.score(questionnaire("phq-9"), response);
        assertThat(score.computed()).isEmpty();
        assertThat(score.unanswered()).containsExactly("phq9-q9");
    }

    @Test
    void aStatedTotalThatDisagreesIsDetected() {
        QuestionnaireResponse response = answered("phq9-q", 9, 1);
        response.addItem().setLinkId("phq9-total").addAnswer().setValue(new IntegerType(10));
        assertThat(Scoring.score(questionnaire("phq-9"), response).statedDisagrees()).isTrue();

        response.getItem().get(9).getAnswerFirstRep().setValue(new IntegerType(9));
        assertThat(Scoring.score(questionnaire("phq-9"), response).statedDisagrees()).isFalse();
    }

    @Test
    void everyShippedInstrumentIsScoredButTheRemsFormIsNot() {
        for (String id : new String[] {"phq-9", "gad-7", "pcl-5", "audit-c"}) {
            assertThat(questionnaire(id).bands()).as(id).isNotEmpty();
        }
        Questionnaire rems = (Questionnaire) GUIDE.conformanceResources().stream()
                .filter(r -> r instanceof Questionnaire q && q.getIdElement().getIdPart().equals("rems-monitoring"))
                .findFirst().orElseThrow();
        assertThat(ScoredQuestionnaire.of(rems)).isEmpty();
    }
}
