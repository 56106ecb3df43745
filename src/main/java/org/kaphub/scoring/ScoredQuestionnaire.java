package org.kaphub.scoring;

import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent;

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

    static final String ITEM_WEIGHT = "http://hl7.org/fhir/StructureDefinition/itemWeight";
    static final String ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue";
    static final String SCORE_BAND = "https://fhir.kaphub.org/StructureDefinition/kap-score-band";

    /** One severity band: totals from low to high (inclusive) are read as interpretation. */
    public record Band(int low, int high, Coding interpretation) {
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
        List<Band> bands = total[0].getExtensionsByUrl(SCORE_BAND).stream().map(ScoredQuestionnaire::band).toList();
        return Optional.of(new ScoredQuestionnaire(questionnaire.getUrl(), weights, total[0].getLinkId(),
                total[0].getCodeFirstRep(), bands));
    }

    public Optional<Band> band(BigDecimal totalScore) {
        return bands.stream().filter(b -> b.contains(totalScore)).findFirst();
    }

    static String key(Coding coding) {
        return coding.getSystem() + "|" + coding.getCode();
    }

    private static void collect(List<QuestionnaireItemComponent> items, Map<String, Map<String, BigDecimal>> weights,
                                QuestionnaireItemComponent[] total) {
        for (QuestionnaireItemComponent item : items) {
            if (item.hasExtension(SCORE_BAND)) {
                total[0] = item;
            }
            Map<String, BigDecimal> options = new LinkedHashMap<>();
            for (Questionnaire.QuestionnaireItemAnswerOptionComponent option : item.getAnswerOption()) {
                Extension weight = option.hasExtension(ITEM_WEIGHT) ? option.getExtensionByUrl(ITEM_WEIGHT)
                        : option.getExtensionByUrl(ORDINAL_VALUE);
                if (weight != null && option.hasValueCoding()) {
                    options.put(key(option.getValueCoding()), decimal(weight));
                }
            }
            if (!options.isEmpty()) {
                weights.put(item.getLinkId(), options);
            }
            collect(item.getItem(), weights, total);
        }
    }

    private static Band band(Extension band) {
        return new Band(((IntegerType) band.getExtensionByUrl("low").getValue()).getValue(),
                ((IntegerType) band.getExtensionByUrl("high").getValue()).getValue(),
                (Coding) band.getExtensionByUrl("interpretation").getValue());
    }

    private static BigDecimal decimal(Extension weight) {
        if (weight.getValue() instanceof DecimalType d) {
            return d.getValue();
        }
        if (weight.getValue() instanceof IntegerType i) {
            return BigDecimal.valueOf(i.getValue());
        }
        throw new IllegalStateException("itemWeight must be a decimal or integer");
    }
}
