package org.kaphub.hl7v2.building.segment;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.v28.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v28.segment.OBX;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.Type;
import org.kaphub.hl7v2.building.BuildException;
import org.kaphub.hl7v2.building.datatype.CodeableConceptToCwe;
import org.kaphub.hl7v2.building.datatype.FhirToDtm;
import org.kaphub.hl7v2.building.datatype.ValueToObx;
import org.kaphub.vocabulary.CodeSystems;
import org.kaphub.vocabulary.Loinc;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Observation → OBX (the inverse of {@link org.kaphub.hl7v2.mapping.segment.ObxToObservation}): OBX-3 the code, OBX-2/5/6
 * the value ({@link ValueToObx}), OBX-7 the reference range's text, OBX-8 the interpretation, OBX-11 the status, OBX-14
 * the effective time (a period: its start). A blood-pressure panel (85354-9) goes as two OBX, systolic 8480-6 and
 * diastolic 8462-4, at the same time, which the inbound side joins into one panel again; an oxygen saturation that
 * carries the pulse-oximetry code 59408-5 goes as that code (the inbound side adds 2708-6 back).
 * <p>Not carried (the inbound side has no place for them): encounter, partOf, performer, device, note, extensions
 * (the KAP dosing timepoint), meta (profiles and category are set again by the inbound side from the code). Status
 * "amended" goes as C and comes back "corrected", v2's only word for a changed result.
 */
public final class ObservationToObx {

    /** Observation status → HL7 table 0085 (OBX-11), the inverse of code table observation-status. */
    static final Map<ObservationStatus, String> RESULT_STATUS = Map.of(ObservationStatus.FINAL, "F",
            ObservationStatus.CORRECTED, "C", ObservationStatus.AMENDED, "C", ObservationStatus.PRELIMINARY, "P",
            ObservationStatus.REGISTERED, "I", ObservationStatus.ENTEREDINERROR, "W", ObservationStatus.CANCELLED, "X");

    private ObservationToObx() {
    }

    /**
     * Appends the observation's OBX to the order group.
     *
     * @param interpretation whether OBX-8 carries the interpretation (not for a scale total, whose severity band the
     *                       receiver derives from the total itself)
     */
    public static void append(ORU_R01_ORDER_OBSERVATION order, Observation observation, String version,
                              boolean interpretation) throws HL7Exception, BuildException {
        String status = status(observation);
        String effective = effective(observation);
        if (isBloodPressure(observation)) {
            for (String part : List.of(Loinc.SYSTOLIC_BLOOD_PRESSURE, Loinc.DIASTOLIC_BLOOD_PRESSURE)) {
                Observation.ObservationComponentComponent component = observation.getComponent().stream()
                        .filter(c -> loinc(c.getCode(), part).isPresent()).findFirst()
                        .orElseThrow(() -> new BuildException("the blood-pressure panel has no component " + part));
                OBX obx = next(order);
                CodeableConceptToCwe.fill(obx.getObservationIdentifier(), new CodeableConcept(loinc(component.getCode(), part).get()));
                value(obx, component.getValue(), version);
                finish(obx, status, effective);
            }
            return;
        }
        if (observation.hasComponent()) {
            throw new BuildException("an Observation with components other than a blood-pressure panel has no OBX"
                    + " the inbound side reads back");
        }
        if (!observation.hasCode() || observation.getCode().getCoding().stream().noneMatch(Coding::hasCode)) {
            throw new BuildException("the Observation has no coded code: OBX-3 would be empty");
        }
        OBX obx = next(order);
        Optional<Coding> pulseOximetry = loinc(observation.getCode(), Loinc.PULSE_OXIMETRY);
        if (pulseOximetry.isPresent()) {
            CodeableConceptToCwe.fill(obx.getObservationIdentifier(), new CodeableConcept(pulseOximetry.get()));
        } else {
            CodeableConceptToCwe.fill(obx.getObservationIdentifier(), observation.getCode());
        }
        value(obx, observation.getValue(), version);
        if (observation.hasReferenceRange() && observation.getReferenceRangeFirstRep().hasText()) {
            obx.getReferencesRange().setValue(observation.getReferenceRangeFirstRep().getText());
        }
        if (interpretation) {
            for (CodeableConcept concept : observation.getInterpretation()) {
                CodeableConceptToCwe.fill(obx.getInterpretationCodes(obx.getInterpretationCodesReps()), concept);
            }
        }
        finish(obx, status, effective);
    }

    /** OBX-11 of the observation's status. */
    public static String status(Observation observation) throws BuildException {
        String status = RESULT_STATUS.get(observation.getStatus());
        if (status == null) {
            throw new BuildException("Observation status " + observation.getStatus() + " has no HL7 table 0085 code");
        }
        return status;
    }

    /** DTM of effective[x] (dateTime, instant, or a period's start); null when there is none. */
    public static String effective(Observation observation) {
        if (observation.hasEffectiveDateTimeType()) {
            return FhirToDtm.dtm(observation.getEffectiveDateTimeType());
        }
        if (observation.hasEffectiveInstantType()) {
            return FhirToDtm.dtm(observation.getEffectiveInstantType());
        }
        if (observation.hasEffectivePeriod()) {
            return FhirToDtm.dtm(observation.getEffectivePeriod().getStartElement());
        }
        return null;
    }

    private static boolean isBloodPressure(Observation observation) {
        return loinc(observation.getCode(), Loinc.BLOOD_PRESSURE_PANEL).isPresent();
    }

    private static Optional<Coding> loinc(CodeableConcept concept, String code) {
        return concept.getCoding().stream()
                .filter(c -> CodeSystems.LOINC.equals(c.getSystem()) && code.equals(c.getCode())).findFirst();
    }

    /** A new OBX at the end of the group, OBX-1 numbered in order. */
    static OBX next(ORU_R01_ORDER_OBSERVATION order) throws HL7Exception {
        int index = order.getOBSERVATIONReps();
        OBX obx = order.getOBSERVATION(index).getOBX();
        obx.getSetIDOBX().setValue(String.valueOf(index + 1));
        return obx;
    }

    /** No value (dataAbsentReason): OBX-2 and OBX-5 stay empty, which the inbound side reads as data absent. */
    private static void value(OBX obx, Type value, String version) throws HL7Exception, BuildException {
        if (value != null && !value.isEmpty()) {
            ValueToObx.fill(obx, value, version);
        }
    }

    private static void finish(OBX obx, String status, String effective) throws HL7Exception {
        obx.getObservationResultStatus().setValue(status);
        if (effective != null) {
            obx.getDateTimeOfTheObservation().setValue(effective);
        }
    }
}
