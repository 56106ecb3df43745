package org.kaphub.rems;

import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.Type;
import org.kaphub.vocabulary.KapCanonicals;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Spravato REMS Patient Monitoring Form being filled: answers by linkId of the KAP guide's rems-monitoring
 * Questionnaire, and for every item the record cannot fill, why — an error for what REMS requires, information
 * for what the monitoring provider answers on the form (the record does not hold it in a derivable form).
 */
final class RemsForm {

    /** The form's layout: group linkId → item linkIds (and the two-level blood-pressure groups). */
    private static final Map<String, String[]> LAYOUT = new LinkedHashMap<>();

    static {
        LAYOUT.put("patient", new String[] {"patient-name", "patient-birth-date", "patient-sex", "first-treatment",
                "rems-enrolled", "rems-patient-id"});
        LAYOUT.put("concomitant-medications", new String[] {"benzodiazepines", "non-benzodiazepine-sedative-hypnotics",
                "psychostimulants", "maois"});
        LAYOUT.put("treatment", new String[] {"monitoring-provider", "healthcare-setting", "treatment-date", "dose",
                "dose-other-mg", "lot-number", "monitoring-duration-min", "ready-to-leave-min"});
        LAYOUT.put("vital-signs", new String[] {"vitals-acceptable-pre-dose", "vitals-acceptable-end", "bp-pre-dose",
                "bp-40min", "bp-end", "spo2-lowest"});
        LAYOUT.put("outcomes", new String[] {"sedation", "dissociation", "respiratory-depression", "adverse-events",
                "adverse-events-description"});
    }

    private final Map<String, Type> answers = new LinkedHashMap<>();
    private final OperationOutcome gaps = new OperationOutcome();

    void answer(String linkId, Type value) {
        answers.put(linkId, value);
    }

    /** Data the REMS form requires that the record lacks: the form cannot be submitted without it. */
    void missing(String linkId, String what) {
        gaps.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(OperationOutcome.IssueType.REQUIRED)
                .setDiagnostics(what).addExpression("QuestionnaireResponse.item.where(linkId='" + linkId + "')");
    }

    /** An item the monitoring provider answers on the form: the record does not hold it. */
    void forProvider(String linkId, String what) {
        gaps.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION).setCode(OperationOutcome.IssueType.INCOMPLETE)
                .setDiagnostics(what).addExpression("QuestionnaireResponse.item.where(linkId='" + linkId + "')");
    }

    boolean complete() {
        return gaps.getIssue().stream().noneMatch(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR);
    }

    OperationOutcome gaps() {
        if (gaps.getIssue().isEmpty()) {
            gaps.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION).setCode(OperationOutcome.IssueType.INFORMATIONAL)
                    .setDiagnostics("Every item of the REMS Patient Monitoring Form was filled from the record");
        }
        return gaps;
    }

    QuestionnaireResponse toResponse() {
        QuestionnaireResponse response = new QuestionnaireResponse();
        response.setQuestionnaire(KapCanonicals.REMS_MONITORING_FORM);
        response.setStatus(complete() ? QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED
                : QuestionnaireResponse.QuestionnaireResponseStatus.INPROGRESS);
        for (var group : LAYOUT.entrySet()) {
            QuestionnaireResponseItemComponent groupItem = new QuestionnaireResponseItemComponent().setLinkId(group.getKey());
            for (String linkId : group.getValue()) {
                if (linkId.startsWith("bp-")) {
                    QuestionnaireResponseItemComponent bp = new QuestionnaireResponseItemComponent().setLinkId(linkId);
                    add(bp, linkId + "-systolic");
                    add(bp, linkId + "-diastolic");
                    if (bp.hasItem()) {
                        groupItem.addItem(bp);
                    }
                } else {
                    add(groupItem, linkId);
                }
            }
            if (groupItem.hasItem()) {
                response.addItem(groupItem);
            }
        }
        return response;
    }

    private void add(QuestionnaireResponseItemComponent parent, String linkId) {
        Type value = answers.get(linkId);
        if (value != null) {
            parent.addItem().setLinkId(linkId).addAnswer().setValue(value);
        }
    }
}
