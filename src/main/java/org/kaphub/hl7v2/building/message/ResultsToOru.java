package org.kaphub.hl7v2.building.message;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v28.message.ORU_R01;
import ca.uhn.hl7v2.model.v28.segment.OBR;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Resource;
import org.kaphub.hl7v2.building.BuildException;
import org.kaphub.hl7v2.building.Header;
import org.kaphub.hl7v2.building.MessageBuilder;
import org.kaphub.hl7v2.building.Outbound;
import org.kaphub.hl7v2.building.datatype.CodeableConceptToCwe;
import org.kaphub.hl7v2.building.datatype.FhirToDtm;
import org.kaphub.hl7v2.building.segment.ObservationToObx;
import org.kaphub.hl7v2.building.segment.PatientToPid;
import org.kaphub.hl7v2.building.segment.QuestionnaireResponseToObx;
import org.kaphub.hl7v2.mapping.Instruments;
import org.kaphub.vocabulary.CodeSystems;

import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Rating scales and observations → ORU^R01 (structure ORU_R01), the inverse of
 * {@link org.kaphub.hl7v2.mapping.message.OruR01ToTransaction}: one PID, one OBR, its OBX.
 * <ul>
 * <li>a QuestionnaireResponse of a KAP instrument (PHQ-9, GAD-7, PCL-5, AUDIT-C): OBR-4 the instrument's LOINC panel,
 *     OBR-7 authored, OBR-25 the status, one OBX per answered item and one for the total (its score Observation
 *     travelling along);</li>
 * <li>a score Observation alone: OBR-4 the instrument's panel, a single OBX with the total (the inbound side makes
 *     it a score Observation again, not a response with every answer missing);</li>
 * <li>any other Observation (vital signs, REMS monitoring findings): OBR-4 its own code, OBR-7 its time, its OBX
 *     (blood pressure as two).</li>
 * </ul>
 * OBR-3, the filler order number, is the resource's id in KAP Hub (namespace: the sending application): the
 * receiver's conditional-update key, so a later version of the same resource updates what the receiver has rather
 * than adding a second one. The receiver's identifiers are its own (scoped to KAP Hub as sender); the original's
 * identifiers do not travel.
 */
public final class ResultsToOru implements MessageBuilder {

    private final Supplier<Instruments> instruments;

    public ResultsToOru(Supplier<Instruments> instruments) {
        this.instruments = instruments;
    }

    @Override
    public Set<String> messageTypes() {
        return Set.of("ORU^R01");
    }

    @Override
    public boolean builds(Resource resource) {
        return resource instanceof Observation || resource instanceof QuestionnaireResponse response
                && instruments.get().byUrl(response.getQuestionnaire()).isPresent();
    }

    @Override
    public Message build(Outbound outbound) throws BuildException {
        ORU_R01 oru = new ORU_R01();
        String version = outbound.receiver().version();
        try {
            Header.fill(oru.getMSH(), "ORU", "R01", "ORU_R01", outbound);
            PatientToPid.fill(oru.getPATIENT_RESULT().getPATIENT().getPID(), outbound.patient(), outbound.receiver());
            var order = oru.getPATIENT_RESULT().getORDER_OBSERVATION();
            OBR obr = order.getOBR();
            obr.getSetIDOBR().setValue("1");
            fillerOrderNumber(obr, outbound);
            if (outbound.resource() instanceof QuestionnaireResponse response) {
                Instruments.Instrument instrument = instruments.get().byUrl(response.getQuestionnaire())
                        .orElseThrow(() -> new BuildException("the QuestionnaireResponse's Questionnaire is not a KAP rating scale"));
                panel(obr, instrument);
                String authored = FhirToDtm.dtm(response.getAuthoredElement());
                if (authored == null) {
                    throw new BuildException("the QuestionnaireResponse has no authored time: OBR-7 is required");
                }
                obr.getObservationDateTime().setValue(authored);
                obr.getResultStatus().setValue(QuestionnaireResponseToObx.status(response));
                QuestionnaireResponseToObx.append(order, response, instrument, outbound.along(Observation.class), version);
            } else {
                Observation observation = (Observation) outbound.resource();
                Optional<Instruments.Total> total = total(observation);
                if (total.isPresent()) {
                    panel(obr, total.get().instrument());
                } else {
                    CodeableConceptToCwe.fill(obr.getUniversalServiceIdentifier(), observation.getCode());
                }
                String effective = ObservationToObx.effective(observation);
                if (effective != null) {
                    obr.getObservationDateTime().setValue(effective);
                }
                String status = ObservationToObx.status(observation);
                if (Set.of("F", "C", "P", "X", "I").contains(status)) {
                    obr.getResultStatus().setValue(status); // table 0123 has no entered-in-error (W)
                }
                ObservationToObx.append(order, observation, version, total.isEmpty());
            }
        } catch (HL7Exception e) {
            throw new IllegalStateException("ORU^R01 could not be built", e); // our typing, not the data
        }
        return oru;
    }

    private Optional<Instruments.Total> total(Observation observation) {
        return observation.getCode().getCoding().stream().filter(c -> CodeSystems.LOINC.equals(c.getSystem()))
                .map(c -> instruments.get().total(c.getCode())).flatMap(Optional::stream).findFirst();
    }

    private static void panel(OBR obr, Instruments.Instrument instrument) throws HL7Exception {
        CodeableConceptToCwe.fill(obr.getUniversalServiceIdentifier(),
                new CodeableConcept(new Coding(CodeSystems.LOINC, instrument.panelCode(), instrument.panelDisplay())));
    }

    private static void fillerOrderNumber(OBR obr, Outbound outbound) throws HL7Exception {
        String id = outbound.resource().getIdElement().getIdPart();
        if (id == null) {
            return; // the inbound side then keys on patient, code and time
        }
        obr.getFillerOrderNumber().getEntityIdentifier().setValue(id);
        String application = outbound.receiver().sendingApplication();
        if (application != null && !application.isBlank()) {
            obr.getFillerOrderNumber().getNamespaceID().setValue(application.split("\\^", -1)[0]);
        }
    }
}
