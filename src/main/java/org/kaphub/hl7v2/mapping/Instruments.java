package org.kaphub.hl7v2.mapping;

import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent;
import org.kaphub.vocabulary.CodeSystems;
import org.kaphub.vocabulary.CoreExtensions;
import org.kaphub.scoring.ScoredQuestionnaire;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rating scales an ORU^R01 may carry as a panel, read from the KAP guide's own Questionnaires rather than a
 * second copy of their codes: the panel code (Questionnaire.code, e.g. LOINC 44249-1) finds the Questionnaire, an
 * OBX-3 item code (item.code) finds its linkId, and an answer is valid when it is one of that item's answerOptions.
 * A numeric OBX answer (0–3) is read as the answer option whose itemWeight has that value. A scale's total item
 * (readOnly integer) gives the total's range (minValue/maxValue) and, through the scoring's reading of the same
 * Questionnaire, its severity bands.
 */
public final class Instruments {

    private final Map<String, Instrument> byPanelCode = new HashMap<>();
    private final Map<String, Total> totalsByCode = new HashMap<>();
    private final Map<String, Instrument> byUrl = new HashMap<>();

    public Instruments(List<Questionnaire> questionnaires) {
        for (Questionnaire questionnaire : questionnaires) {
            Optional<Coding> panel = questionnaire.getCode().stream().filter(c -> CodeSystems.LOINC.equals(c.getSystem())).findFirst();
            if (panel.isEmpty() || !questionnaire.hasUrl()) {
                continue;
            }
            Map<String, Item> items = new LinkedHashMap<>();
            collect(questionnaire.getItem(), items);
            Instrument instrument = new Instrument(questionnaire.getUrl(), panel.get().getCode(), panel.get().getDisplay(),
                    Map.copyOf(items));
            byPanelCode.put(panel.get().getCode(), instrument);
            byUrl.put(questionnaire.getUrl(), instrument);
            Optional<ScoredQuestionnaire> scored = ScoredQuestionnaire.of(questionnaire);
            for (QuestionnaireItemComponent item : totalItems(questionnaire.getItem())) {
                String code = item.getCode().stream().filter(c -> CodeSystems.LOINC.equals(c.getSystem())).findFirst().orElseThrow().getCode();
                totalsByCode.put(code, new Total(instrument, code, integer(item, CoreExtensions.MIN_VALUE), integer(item, CoreExtensions.MAX_VALUE),
                        scored.filter(q -> q.totalLinkId().equals(item.getLinkId()))));
            }
        }
    }

    private static List<QuestionnaireItemComponent> totalItems(List<QuestionnaireItemComponent> items) {
        List<QuestionnaireItemComponent> totals = new ArrayList<>();
        for (QuestionnaireItemComponent item : items) {
            if (item.getReadOnly() && item.getType() == Questionnaire.QuestionnaireItemType.INTEGER
                    && item.getCode().stream().anyMatch(c -> CodeSystems.LOINC.equals(c.getSystem()))) {
                totals.add(item);
            }
            totals.addAll(totalItems(item.getItem()));
        }
        return totals;
    }

    private static Optional<BigDecimal> integer(QuestionnaireItemComponent item, String url) {
        var extension = item.getExtensionByUrl(url);
        return extension != null && extension.getValue() instanceof IntegerType i && i.getValue() != null
                ? Optional.of(BigDecimal.valueOf(i.getValue())) : Optional.empty();
    }

    private static void collect(List<QuestionnaireItemComponent> items, Map<String, Item> into) {
        for (QuestionnaireItemComponent item : items) {
            Optional<Coding> code = item.getCode().stream().filter(c -> CodeSystems.LOINC.equals(c.getSystem())).findFirst();
            if (code.isPresent()) {
                List<Coding> options = new ArrayList<>();
                Map<BigDecimal, Coding> byWeight = new HashMap<>();
                for (Questionnaire.QuestionnaireItemAnswerOptionComponent option : item.getAnswerOption()) {
                    if (option.hasValueCoding()) {
                        Coding coding = option.getValueCoding();
                        options.add(coding);
                        var weight = option.getExtensionByUrl(CoreExtensions.ITEM_WEIGHT) != null ? option.getExtensionByUrl(CoreExtensions.ITEM_WEIGHT)
                                : option.getExtensionByUrl(CoreExtensions.ORDINAL_VALUE);
                        if (weight != null && weight.getValue() instanceof org.hl7.fhir.r4.model.DecimalType decimal) {
                            byWeight.putIfAbsent(decimal.getValue().stripTrailingZeros(), coding);
                        }
                    }
                }
                into.put(code.get().getCode(), new Item(item.getLinkId(), code.get().getCode(), item.getType(),
                        List.copyOf(options), Map.copyOf(byWeight), item.getReadOnly()));
            }
            collect(item.getItem(), into);
        }
    }

    public Optional<Instrument> byPanelCode(String loincCode) {
        return Optional.ofNullable(loincCode == null ? null : byPanelCode.get(loincCode));
    }

    /** The instrument of a Questionnaire canonical ({@code url} or {@code url|version}); the outbound side's lookup. */
    public Optional<Instrument> byUrl(String canonical) {
        return Optional.ofNullable(canonical == null ? null : byUrl.get(canonical.split("\\|", 2)[0]));
    }

    /** A scale total (PHQ-9 44261-6, GAD-7 70274-6, …), by its LOINC code. */
    public Optional<Total> total(String loincCode) {
        return Optional.ofNullable(loincCode == null ? null : totalsByCode.get(loincCode));
    }

    /**
     * The total item of one instrument: its range, and how the guide scores it (empty when the Questionnaire has no
     * severity bands on this item).
     */
    public record Total(Instrument instrument, String code, Optional<BigDecimal> min, Optional<BigDecimal> max,
                        Optional<ScoredQuestionnaire> scoring) {

        public boolean inRange(BigDecimal total) {
            return min.map(m -> total.compareTo(m) >= 0).orElse(true) && max.map(m -> total.compareTo(m) <= 0).orElse(true);
        }

        /** The band for a patient of this administrative sex (null: unknown); see {@link ScoredQuestionnaire#band(BigDecimal, String)}. */
        public Optional<Coding> band(BigDecimal total, String sex) {
            return scoring.flatMap(s -> s.band(total, sex)).map(ScoredQuestionnaire.Band::interpretation);
        }
    }

    /** @param panelDisplay the panel code's display in the Questionnaire (what an outbound OBR-4 says in words) */
    public record Instrument(String url, String panelCode, String panelDisplay, Map<String, Item> itemsByCode) {
        public Optional<Item> item(String loincCode) {
            return Optional.ofNullable(loincCode == null ? null : itemsByCode.get(loincCode));
        }

        public Optional<Item> itemWithLinkId(String linkId) {
            return itemsByCode.values().stream().filter(item -> item.linkId().equals(linkId)).findFirst();
        }
    }

    public record Item(String linkId, String code, Questionnaire.QuestionnaireItemType type, List<Coding> options,
                       Map<BigDecimal, Coding> optionsByWeight, boolean readOnly) {

        public Optional<Coding> option(String code) {
            return options.stream().filter(o -> o.getCode().equals(code)).findFirst();
        }

        public Optional<Coding> optionWithWeight(BigDecimal weight) {
            return Optional.ofNullable(optionsByWeight.get(weight.stripTrailingZeros()));
        }
    }
}
