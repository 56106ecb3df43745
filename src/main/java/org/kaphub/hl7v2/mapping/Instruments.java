package org.kaphub.hl7v2.mapping;

import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent;
import org.kaphub.vocabulary.CodeSystems;
import org.kaphub.vocabulary.CoreExtensions;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rating scales an ORU^R01 may carry as a panel, read from the KAP guide's own Questionnaires rather than a
 * second copy of their codes: the panel code (Questionnaire.code, e.g. LOINC 44249-1) finds the Questionnaire, an
 * OBX-3 item code (item.code) finds its linkId, and an answer is valid when it is one of that item's answerOptions.
 * A numeric OBX answer (0–3) is read as the answer option whose itemWeight has that value.
 */
public final class Instruments {

    private final Map<String, Instrument> byPanelCode = new HashMap<>();
    private final Set<String> totalCodes = new java.util.HashSet<>();

    public Instruments(List<Questionnaire> questionnaires) {
        for (Questionnaire questionnaire : questionnaires) {
            Optional<Coding> panel = questionnaire.getCode().stream().filter(c -> CodeSystems.LOINC.equals(c.getSystem())).findFirst();
            if (panel.isEmpty() || !questionnaire.hasUrl()) {
                continue;
            }
            Map<String, Item> items = new LinkedHashMap<>();
            collect(questionnaire.getItem(), items);
            Instrument instrument = new Instrument(questionnaire.getUrl(), panel.get().getCode(), Map.copyOf(items));
            byPanelCode.put(panel.get().getCode(), instrument);
            items.values().stream().filter(Item::isTotal).forEach(i -> totalCodes.add(i.code()));
        }
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

    /** A scale total (PHQ-9 44261-6, GAD-7 70274-6, …) that arrives without its panel. */
    public boolean isTotalCode(String loincCode) {
        return loincCode != null && totalCodes.contains(loincCode);
    }

    public record Instrument(String url, String panelCode, Map<String, Item> itemsByCode) {
        public Optional<Item> item(String loincCode) {
            return Optional.ofNullable(loincCode == null ? null : itemsByCode.get(loincCode));
        }
    }

    public record Item(String linkId, String code, Questionnaire.QuestionnaireItemType type, List<Coding> options,
                       Map<BigDecimal, Coding> optionsByWeight, boolean readOnly) {

        boolean isTotal() {
            return readOnly && type == Questionnaire.QuestionnaireItemType.INTEGER;
        }

        public Optional<Coding> option(String code) {
            return options.stream().filter(o -> o.getCode().equals(code)).findFirst();
        }

        public Optional<Coding> optionWithWeight(BigDecimal weight) {
            return Optional.ofNullable(optionsByWeight.get(weight.stripTrailingZeros()));
        }
    }
}
