package org.kaphub.scoring;

import ca.uhn.fhir.context.support.IValidationSupport;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Computes a QuestionnaireResponse's total from the weights its Questionnaire declares. The Questionnaire is
 * found by canonical URL through HAPI's (cached) validation support, so any scored Questionnaire the server
 * holds is scored — the KAP guide's PHQ-9, GAD-7, PCL-5 and AUDIT-C, and those a clinic adds.
 */
@Component
public class Scoring {

    private final IValidationSupport validationSupport;

    Scoring(IValidationSupport validationSupport) {
        this.validationSupport = validationSupport;
    }

    /** Empty when the response names no Questionnaire, or one that is unknown or not scored. */
    public Optional<QuestionnaireScore> score(QuestionnaireResponse response) {
        if (!response.hasQuestionnaire()) {
            return Optional.empty();
        }
        Questionnaire questionnaire = validationSupport.fetchResource(Questionnaire.class, response.getQuestionnaire());
        if (questionnaire == null) {
            return Optional.empty();
        }
        return ScoredQuestionnaire.of(questionnaire).map(scored -> score(scored, response));
    }

    static QuestionnaireScore score(ScoredQuestionnaire scored, QuestionnaireResponse response) {
        Map<String, List<QuestionnaireResponseItemAnswerComponent>> answers = new HashMap<>();
        collect(response.getItem(), answers);
        BigDecimal sum = BigDecimal.ZERO;
        List<String> unanswered = new ArrayList<>();
        for (var item : scored.weightsByLinkId().entrySet()) {
            Optional<BigDecimal> weight = answers.getOrDefault(item.getKey(), List.of()).stream()
                    .filter(QuestionnaireResponseItemAnswerComponent::hasValueCoding)
                    .map(a -> item.getValue().get(ScoredQuestionnaire.key(a.getValueCoding())))
                    .filter(w -> w != null)
                    .findFirst();
            if (weight.isPresent()) {
                sum = sum.add(weight.get());
            } else {
                unanswered.add(item.getKey());
            }
        }
        Optional<BigDecimal> computed = unanswered.isEmpty() ? Optional.of(sum) : Optional.empty();
        Optional<BigDecimal> stated = answers.getOrDefault(scored.totalLinkId(), List.of()).stream()
                .map(Scoring::number).filter(Optional::isPresent).map(Optional::get).findFirst();
        Optional<Coding> band = computed.flatMap(scored::band).map(ScoredQuestionnaire.Band::interpretation);
        return new QuestionnaireScore(scored, computed, stated, unanswered, band);
    }

    private static Optional<BigDecimal> number(QuestionnaireResponseItemAnswerComponent answer) {
        if (answer.hasValueIntegerType()) {
            return Optional.of(BigDecimal.valueOf(answer.getValueIntegerType().getValue()));
        }
        if (answer.hasValueDecimalType()) {
            return Optional.of(answer.getValueDecimalType().getValue());
        }
        if (answer.hasValueQuantity()) {
            return Optional.of(answer.getValueQuantity().getValue());
        }
        return Optional.empty();
    }

    private static void collect(List<QuestionnaireResponseItemComponent> items,
                                Map<String, List<QuestionnaireResponseItemAnswerComponent>> answers) {
        for (QuestionnaireResponseItemComponent item : items) {
            answers.computeIfAbsent(item.getLinkId(), k -> new ArrayList<>()).addAll(item.getAnswer());
            collect(item.getItem(), answers);
            item.getAnswer().forEach(a -> collect(a.getItem(), answers));
        }
    }
}
