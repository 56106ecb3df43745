package org.kaphub.scoring;

import org.hl7.fhir.r4.model.Coding;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * The score of one QuestionnaireResponse.
 *
 * @param computed   the sum of the answers' weights; empty when a scored item is unanswered (no valid total)
 * @param stated     the total the response itself gives in the total item, if any
 * @param unanswered linkIds of scored items without an answer
 * @param band       the severity band of the computed total
 */
public record QuestionnaireScore(ScoredQuestionnaire questionnaire, Optional<BigDecimal> computed,
                                 Optional<BigDecimal> stated, List<String> unanswered, Optional<Coding> band) {

    /** A stated total that disagrees with the one computed from the answers. */
    public boolean statedDisagrees() {
        return computed.isPresent() && stated.isPresent() && computed.get().compareTo(stated.get()) != 0;
    }
}
