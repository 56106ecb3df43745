package org.kaphub.hl7v2.mapping.segment;

import ca.uhn.hl7v2.ErrorCode;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.kaphub.hl7v2.mapping.IdentifierSystems;
import org.kaphub.hl7v2.mapping.Instruments;
import org.kaphub.hl7v2.mapping.MappingException;
import org.kaphub.hl7v2.mapping.V2Message;
import org.kaphub.hl7v2.mapping.datatype.CodeTables;
import org.kaphub.hl7v2.mapping.datatype.DtmToFhir;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * OBR (a rating-scale panel) + its OBX items → KAP QuestionnaireResponse. KAP Hub's design on top of the v2-to-FHIR
 * OBX map: the Questionnaire is the one whose code is OBR-4, each OBX-3 item code selects the Questionnaire item
 * (linkId), and the answer must be one of that item's answer options.
 *
 * <table>
 * <tr><th>v2</th><th>FHIR QuestionnaireResponse</th></tr>
 * <tr><td>OBR-4 panel code (LOINC)</td><td>questionnaire (canonical of the KAP Questionnaire with that code)</td></tr>
 * <tr><td>OBR-3 filler (else OBR-2 placer) order number + OBR-4</td><td>identifier (conditional-update key); without order numbers: patient MR + panel + OBR-7</td></tr>
 * <tr><td>OBR-25 result status (0123)</td><td>status (F completed, C amended, P/R/I/S in-progress); empty: completed</td></tr>
 * <tr><td>OBR-7 observation date/time, else the first OBX-14</td><td>authored (required)</td></tr>
 * <tr><td>PID</td><td>subject</td></tr>
 * <tr><td>OBX-3 item code → linkId; OBX-5 CWE answer code (LA…) or NM item weight (0–3)</td><td>item.answer.valueCoding</td></tr>
 * <tr><td>OBX-3 = the total item's code (e.g. 44261-6), OBX-5 NM</td><td>item (total linkId).answer.valueInteger — checked against the computed total by the server</td></tr>
 * </table>
 */
public final class ObxToQuestionnaireResponse {

    private ObxToQuestionnaireResponse() {
    }

    public static QuestionnaireResponse map(V2Message message, V2Message.Seg obr, List<V2Message.Seg> obxs,
                                            Instruments.Instrument instrument, Reference patient, Identifier patientKey,
                                            IdentifierSystems systems) throws MappingException {
        QuestionnaireResponse response = new QuestionnaireResponse();
        response.setQuestionnaire(instrument.url());
        response.setSubject(patient);
        String resultStatus = obr.get(25, 1);
        response.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.fromCode(resultStatus == null ? "completed"
                : CodeTables.code("questionnaire-status", resultStatus).orElseThrow(() -> new MappingException(
                ErrorCode.TABLE_VALUE_NOT_FOUND, obr.at(25), "OBR-25 result status is not a code of HL7 table 0123"))));

        DateTimeType authored = DtmToFhir.toDateTime(obr.get(7, 1), obr.at(7), obr.senderZone());
        for (int i = 0; authored == null && i < obxs.size(); i++) {
            authored = DtmToFhir.toDateTime(obxs.get(i).get(14, 1), obxs.get(i).at(14), obxs.get(i).senderZone());
        }
        if (authored == null) {
            throw new MappingException(ErrorCode.REQUIRED_FIELD_MISSING, obr.at(7),
                    "OBR-7 observation date/time (or OBX-14) is required: KAP QuestionnaireResponse.authored");
        }
        response.setAuthoredElement(authored);

        String order = Optional.ofNullable(obr.get(3, 1)).orElse(obr.get(2, 1));
        String value = order != null ? order + "-" + instrument.panelCode()
                : patientKey.getValue() + "-" + instrument.panelCode() + "-" + authored.getValueAsString();
        response.setIdentifier(new Identifier().setSystem(systems.scopedSystem(message.senderScope(), "questionnaire-response"))
                .setValue(value));

        for (V2Message.Seg obx : obxs) {
            String code = obx.get(3, 1);
            Instruments.Item item = instrument.item(code).orElseThrow(() -> new MappingException(ErrorCode.TABLE_VALUE_NOT_FOUND,
                    obx.at(3), "OBX-3 is not an item of " + instrument.url()));
            String answer = obx.get(5, 1);
            if (answer == null) {
                continue; // unanswered item
            }
            QuestionnaireResponse.QuestionnaireResponseItemComponent responseItem = response.addItem().setLinkId(item.linkId());
            if (item.options().isEmpty()) {
                try {
                    responseItem.addAnswer().setValue(new IntegerType(new BigDecimal(answer).intValueExact()));
                } catch (ArithmeticException | NumberFormatException e) {
                    throw new MappingException(ErrorCode.DATA_TYPE_ERROR, obx.at(5), "OBX-5 of a scale total must be an integer");
                }
                continue;
            }
            Optional<Coding> option = item.option(answer);
            if (option.isEmpty() && answer.matches("\\d+(\\.0+)?")) {
                option = item.optionWithWeight(new BigDecimal(answer));
            }
            Coding coding = option.orElseThrow(() -> new MappingException(ErrorCode.TABLE_VALUE_NOT_FOUND, obx.at(5),
                    "OBX-5 is not an answer option of item " + item.linkId()));
            responseItem.addAnswer().setValue(coding.copy());
        }
        return response;
    }
}
