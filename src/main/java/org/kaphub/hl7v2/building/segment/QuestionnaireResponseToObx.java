package org.kaphub.hl7v2.building.segment;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.v28.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v28.segment.OBX;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseStatus;
import org.hl7.fhir.r4.model.Type;
import org.kaphub.hl7v2.building.BuildException;
import org.kaphub.hl7v2.building.datatype.CodeableConceptToCwe;
import org.kaphub.hl7v2.building.datatype.ValueToObx;
import org.kaphub.hl7v2.mapping.Instruments;
import org.kaphub.vocabulary.CodeSystems;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A rating-scale QuestionnaireResponse's answers → one OBX per answered item (the inverse of
 * {@link org.kaphub.hl7v2.mapping.segment.ObxToQuestionnaireResponse}): OBX-3 the item's LOINC code (the Questionnaire's
 * item.code for that linkId), OBX-5 the answer option's code (CWE) or, for an integer item such as the total, the
 * number (NM); OBX-11 the response's result status. The total goes as the response states it (its total item) or,
 * when the response has none, as the score Observation travelling along with it says.
 * <p>Not carried: item texts and answers' displays come back from the Questionnaire, not the message; answers other
 * than a coding or an integer (none in the KAP instruments) cannot be said; an unanswered item is simply absent.
 */
public final class QuestionnaireResponseToObx {

    /** QuestionnaireResponse status → HL7 table 0123 (OBR-25, OBX-11), the inverse of code table questionnaire-status. */
    public static final Map<QuestionnaireResponseStatus, String> RESULT_STATUS = Map.of(
            QuestionnaireResponseStatus.COMPLETED, "F", QuestionnaireResponseStatus.AMENDED, "C",
            QuestionnaireResponseStatus.INPROGRESS, "P", QuestionnaireResponseStatus.STOPPED, "X");

    private QuestionnaireResponseToObx() {
    }

    public static String status(QuestionnaireResponse response) throws BuildException {
        String status = RESULT_STATUS.get(response.getStatus());
        if (status == null) {
            throw new BuildException("QuestionnaireResponse status " + response.getStatus()
                    + " has no HL7 table 0123 code");
        }
        return status;
    }

    public static void append(ORU_R01_ORDER_OBSERVATION order, QuestionnaireResponse response,
                              Instruments.Instrument instrument, Optional<Observation> score, String version)
            throws HL7Exception, BuildException {
        String status = status(response);
        List<QuestionnaireResponseItemComponent> items = new ArrayList<>();
        collect(response.getItem(), items);
        boolean totalSent = false;
        for (QuestionnaireResponseItemComponent responseItem : items) {
            Instruments.Item item = instrument.itemWithLinkId(responseItem.getLinkId()).orElseThrow(() ->
                    new BuildException("item " + responseItem.getLinkId() + " has no LOINC code in " + instrument.url()
                            + ": it cannot be an OBX"));
            QuestionnaireResponseItemAnswerComponent answer = responseItem.getAnswerFirstRep();
            Type value = answer.getValue();
            if (!(value instanceof Coding) && !(value instanceof IntegerType)) {
                throw new BuildException("item " + item.linkId() + " has an answer of type "
                        + (value == null ? "none" : value.fhirType()) + ": only codings and integers can be OBX values");
            }
            obx(order, item.code(), responseItem.getText(), value, status, version);
            totalSent |= isTotal(item);
        }
        if (!totalSent && score.isPresent()) {
            Observation observation = score.get();
            Coding code = observation.getCode().getCoding().stream()
                    .filter(c -> CodeSystems.LOINC.equals(c.getSystem()) && instrument.item(c.getCode()).isPresent())
                    .findFirst().orElseThrow(() -> new BuildException("the score Observation's code is not the total of "
                            + instrument.url()));
            if (!(observation.getValue() instanceof Quantity quantity) || quantity.getValue() == null) {
                throw new BuildException("the score Observation has no numeric value");
            }
            OBX obx = obx(order, code.getCode(), code.getDisplay(), new IntegerType(integer(quantity.getValue())), status, version);
            ValueToObx.units(obx.getUnits(), quantity);
        }
    }

    private static OBX obx(ORU_R01_ORDER_OBSERVATION order, String code, String text, Type value, String status,
                           String version) throws HL7Exception, BuildException {
        OBX obx = ObservationToObx.next(order);
        CodeableConcept concept = new CodeableConcept(new Coding(CodeSystems.LOINC, code, null));
        concept.setText(text);
        CodeableConceptToCwe.fill(obx.getObservationIdentifier(), concept);
        ValueToObx.fill(obx, value, version);
        obx.getObservationResultStatus().setValue(status);
        return obx;
    }

    /** The total item: read-only, no answer options (an integer). */
    private static boolean isTotal(Instruments.Item item) {
        return item.readOnly() && item.options().isEmpty();
    }

    private static int integer(BigDecimal value) throws BuildException {
        try {
            return value.intValueExact();
        } catch (ArithmeticException e) {
            throw new BuildException("the score Observation's value is not a whole number");
        }
    }

    /** Answered items, depth first (groups have no answer of their own). */
    private static void collect(List<QuestionnaireResponseItemComponent> items, List<QuestionnaireResponseItemComponent> into) {
        for (QuestionnaireResponseItemComponent item : items) {
            if (item.hasAnswer()) {
                into.add(item);
            }
            collect(item.getItem(), into);
        }
    }
}
