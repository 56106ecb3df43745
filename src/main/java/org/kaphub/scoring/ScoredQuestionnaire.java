package org.kaphub.scoring;

import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent;
import org.kaphub.vocabulary.CoreExtensions;
import org.kaphub.vocabulary.KapCanonicals;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a KAP Questionnaire is scored, read from the Questionnaire itself: each scored item's answer options carry
 * an {@code itemWeight}; the total is the read-only item carrying {@code kap-score-band} extensions (its LOINC
 * code, and the severity band for each range). A Questionnaire without such a total item is not scored.
 */
public record ScoredQuestionnaire(String url, Map<String, Map<String, BigDecimal>> weightsByLinkId,
                                  String totalLinkId, Coding totalCode, List<Band> bands) {


    /**
     * One severity band: totals from low to high (inclusive) are read as interpretation; {@code sex} (an
     * administrative-gender code, e.g. AUDIT-C's thresholds) limits it to patients of that sex, null to none.
     */
    public record Band(int low, int high, Coding interpretation, String sex) {
        boolean contains(BigDecimal total) {
            return total.compareTo(BigDecimal.valueOf(low)) >= 0 && total.compareTo(BigDecimal.valueOf(high)) <= 0;
        }
    }

    public static Optional<ScoredQuestionnaire> of(Questionnaire questionnaire) {
        Map<String, Map<String, BigDecimal>> weights = new LinkedHashMap<>();
        QuestionnaireItemComponent[] total = new QuestionnaireItemComponent[1];
        collect(questionnaire.getItem(), weights, total);
        if (total[0] == null || weights.isEmpty()) {
            return Optional.empty();
        }
        List<Band> bands = total[0].getExtensionsByUrl(KapCanonicals.SCORE_BAND).stream().map(ScoredQuestionnaire::band)
                .flatMap(Optional::stream).toList();
        return Optional.of(new ScoredQuestionnaire(questionnaire.getUrl(), weights, total[0].getLinkId(),
                total[0].getCodeFirstRep(), bands));
    }

    public Optional<Band> band(BigDecimal totalScore) {
        return bands.stream().filter(b -> b.contains(totalScore)).findFirst();
    }

    /**
     * The band of a total for a patient of this administrative sex (null: not known, read as "unknown"): bands
     * for another sex do not apply.
     */
    public Optional<Band> band(BigDecimal totalScore, String sex) {
        String patientSex = sex == null ? "unknown" : sex;
        return bands.stream().filter(b -> b.contains(totalScore) && (b.sex() == null || b.sex().equals(patientSex)))
                .findFirst();
    }

    static String key(Coding coding) {
        return coding.getSystem() + "|" + coding.getCode();
    }

    private static void collect(List<QuestionnaireItemComponent> items, Map<String, Map<String, BigDecimal>> weights,
                                QuestionnaireItemComponent[] total) {
        for (QuestionnaireItemComponent item : items) {
            if (item.hasExtension(KapCanonicals.SCORE_BAND)) {
                total[0] = item;
            }
            Map<String, BigDecimal> options = new LinkedHashMap<>();
            for (Questionnaire.QuestionnaireItemAnswerOptionComponent option : item.getAnswerOption()) {
                Extension weight = option.hasExtension(CoreExtensions.ITEM_WEIGHT) ? option.getExtensionByUrl(CoreExtensions.ITEM_WEIGHT)
                        : option.getExtensionByUrl(CoreExtensions.ORDINAL_VALUE);
                BigDecimal value = weight == null ? null : decimal(weight);
                if (value != null && option.hasValueCoding()) {
                    options.put(key(option.getValueCoding()), value);
                }
            }
            if (!options.isEmpty()) {
                weights.put(item.getLinkId(), options);
            }
            collect(item.getItem(), weights, total);
        }
    }

    /**
     * A band as the guide writes it; a malformed one (a Questionnaire written by someone else) is left out rather than
     * failing every write of its responses.
     */
    private static Optional<Band> band(Extension band) {
        Extension low = band.getExtensionByUrl("low");
        Extension high = band.getExtensionByUrl("high");
        Extension interpretation = band.getExtensionByUrl("interpretation");
        Extension sex = band.getExtensionByUrl("sex");
        if (low != null && low.getValue() instanceof IntegerType l && l.getValue() != null
                && high != null && high.getValue() instanceof IntegerType h && h.getValue() != null
                && interpretation != null && interpretation.getValue() instanceof Coding c) {
            return Optional.of(new Band(l.getValue(), h.getValue(), c,
                    sex == null || sex.getValue() == null ? null : sex.getValue().primitiveValue()));
        }
        return Optional.empty();
    }

    /** The weight as a number; null (option not weighted) when it is neither a decimal nor an integer. */
    private static BigDecimal decimal(Extension weight) {
        if (weight.getValue() instanceof DecimalType d) {
            return d.getValue();
        }
        if (weight.getValue() instanceof IntegerType i && i.getValue() != null) {
            return BigDecimal.valueOf(i.getValue());
        }
        return null;
    }
}
