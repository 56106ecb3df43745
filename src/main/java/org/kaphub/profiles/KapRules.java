package org.kaphub.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.kaphub.scoring.QuestionnaireScore;
import org.kaphub.scoring.Scoring;

import java.util.ArrayList;
import java.util.List;

/**
 * KAP rules beyond what the profiles express, added to every validation result — of a write (ProfileEnforcement)
 * and of {@code $validate} alike: dose checks (DoseRules) and a scored QuestionnaireResponse's stated total
 * against the total computed from its answers.
 */
@Interceptor
public class KapRules {

    private final FhirContext context;
    private final Scoring scoring;

    public KapRules(FhirContext context, Scoring scoring) {
        this.context = context;
        this.scoring = scoring;
    }

    @Hook(Pointcut.VALIDATION_COMPLETED)
    public ValidationResult completed(IBaseResource resource, String rawResource, ValidationResult result) {
        IBaseResource subject = resource != null ? resource : parse(rawResource);
        List<SingleValidationMessage> added = new ArrayList<>();
        if (subject instanceof MedicationAdministration administration) {
            DoseRules.check(administration).forEach(f -> added.add(message(f.severity(), f.location(), f.message())));
        } else if (subject instanceof QuestionnaireResponse response) {
            scoring.score(response).ifPresent(score -> checkTotal(score, added));
        }
        if (added.isEmpty()) {
            return result;
        }
        List<SingleValidationMessage> messages = new ArrayList<>(result.getMessages());
        messages.addAll(added);
        return new ValidationResult(context, messages);
    }

    private static void checkTotal(QuestionnaireScore score, List<SingleValidationMessage> added) {
        String location = "QuestionnaireResponse.item.where(linkId='" + score.questionnaire().totalLinkId() + "')";
        if (score.statedDisagrees()) {
            added.add(message(IssueSeverity.ERROR, location, "Stated total " + score.stated().orElseThrow().toPlainString()
                    + " disagrees with the total computed from the answers (" + score.computed().orElseThrow().toPlainString()
                    + ") for " + score.questionnaire().url()));
        } else if (score.computed().isEmpty() && score.stated().isPresent()) {
            added.add(message(IssueSeverity.WARNING, location, "Stated total cannot be checked: scored items "
                    + score.unanswered() + " have no answer from the Questionnaire's answer options"));
        }
    }

    private IBaseResource parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            EncodingEnum encoding = EncodingEnum.detectEncodingNoDefault(raw);
            return encoding == null ? null : encoding.newParser(context).parseResource(raw);
        } catch (RuntimeException e) {
            return null; // the instance validator has already reported why it cannot be read
        }
    }

    private static SingleValidationMessage message(IssueSeverity severity, String location, String text) {
        SingleValidationMessage message = new SingleValidationMessage();
        message.setSeverity(severity == IssueSeverity.ERROR ? ResultSeverityEnum.ERROR : ResultSeverityEnum.WARNING);
        message.setLocationString(location);
        message.setMessage(text);
        message.setMessageId("kap-rule");
        return message;
    }
}
