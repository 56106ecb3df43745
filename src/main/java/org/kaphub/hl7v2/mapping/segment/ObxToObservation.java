package org.kaphub.hl7v2.mapping.segment;

import ca.uhn.hl7v2.ErrorCode;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.kaphub.hl7v2.mapping.Instruments;
import org.kaphub.hl7v2.mapping.MappingContext;
import org.kaphub.hl7v2.mapping.MappingException;
import org.kaphub.hl7v2.mapping.V2Fields;
import org.kaphub.hl7v2.mapping.V2Message;
import org.kaphub.hl7v2.mapping.datatype.CodeTables;
import org.kaphub.hl7v2.mapping.datatype.CweToCodeableConcept;
import org.kaphub.hl7v2.mapping.datatype.DtmToFhir;
import org.kaphub.hl7v2.mapping.datatype.RouteAndUnits;
import org.kaphub.vocabulary.CodeSystems;
import org.kaphub.vocabulary.KapCanonicals;
import org.kaphub.vocabulary.Loinc;
import org.kaphub.vocabulary.Ucum;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OBX → Observation (v2-to-FHIR segment map OBX[Observation]), with the KAP profiles for vital signs and scale totals.
 *
 * <table>
 * <tr><th>v2</th><th>FHIR Observation</th></tr>
 * <tr><td>OBR-3 filler (else OBR-2 placer, ORC-3, ORC-2) order number + OBX-3 code + OBX-4 sub-id</td>
 *     <td>identifier (conditional-update key); without order numbers: patient MR + OBX-3 + effective time + OBX-4</td></tr>
 * <tr><td>OBX-11 result status (0085)</td><td>status (empty: final)</td></tr>
 * <tr><td>OBX-3 (CWE)</td><td>code</td></tr>
 * <tr><td>OBX-2 + OBX-5 (+ OBX-6 units)</td><td>value[x]: NM → Quantity (UCUM when the unit maps), SN → Quantity with
 *     comparator, ST/TX/FT/TN/TM → string, CE/CWE/CNE/CF → CodeableConcept, DT/DTM/TS → dateTime; a type without a
 *     value[x] equivalent (ED, RP, XAD, …) → dataAbsentReason "unsupported" (the OBX is still recorded)</td></tr>
 * <tr><td>OBX-14, else OBR-7</td><td>effectiveDateTime</td></tr>
 * <tr><td>OBX-8 interpretation (CWE)</td><td>interpretation</td></tr>
 * <tr><td>OBX-7 reference range (text)</td><td>referenceRange.text</td></tr>
 * </table>
 * Vital signs (LOINC): 8480-6 + 8462-4 → one 85354-9 panel with two components (KAP Blood Pressure), 8867-4 KAP Heart
 * Rate, 9279-1 KAP Respiratory Rate, 2708-6 / 59408-5 KAP Oxygen Saturation — each with category vital-signs and the
 * UCUM unit its base profile requires. Scale totals → KAP Score Observation (category survey, {score}, within the
 * instrument's range, interpretation = the Questionnaire's severity band for that total).
 */
public final class ObxToObservation {

    /** LOINC vital sign code → KAP profile and the UCUM unit its base profile requires. */
    private record Vital(String profile, String ucum, String display) {
    }

    private static final Map<String, Vital> VITALS = Map.of(
            Loinc.HEART_RATE, new Vital(KapCanonicals.HEART_RATE_PROFILE, Ucum.PER_MINUTE, "Heart rate"),
            Loinc.RESPIRATORY_RATE, new Vital(KapCanonicals.RESPIRATORY_RATE_PROFILE, Ucum.PER_MINUTE, "Respiratory rate"),
            Loinc.OXYGEN_SATURATION, new Vital(KapCanonicals.OXYGEN_SATURATION_PROFILE, Ucum.PERCENT,
                    "Oxygen saturation in Arterial blood"),
            Loinc.PULSE_OXIMETRY, new Vital(KapCanonicals.OXYGEN_SATURATION_PROFILE, Ucum.PERCENT,
                    "Oxygen saturation in Arterial blood by Pulse oximetry"),
            Loinc.SYSTOLIC_BLOOD_PRESSURE, new Vital(KapCanonicals.BLOOD_PRESSURE_PROFILE, Ucum.MILLIMETRE_OF_MERCURY,
                    "Systolic blood pressure"),
            Loinc.DIASTOLIC_BLOOD_PRESSURE, new Vital(KapCanonicals.BLOOD_PRESSURE_PROFILE, Ucum.MILLIMETRE_OF_MERCURY,
                    "Diastolic blood pressure"));

    private ObxToObservation() {
    }

    public static List<Observation> map(V2Message message, V2Message.Seg orc, V2Message.Seg obr, List<V2Message.Seg> obxs,
                                        Reference patient, Identifier patientKey, MappingContext context)
            throws MappingException {
        List<Observation> observations = new ArrayList<>();
        // Systolic and diastolic of one group and time form one blood-pressure panel.
        Map<String, Observation> bloodPressure = new LinkedHashMap<>();
        for (V2Message.Seg obx : obxs) {
            String code = obx.get(3, 1);
            boolean loinc = "LN".equalsIgnoreCase(obx.get(3, 3)) || "LOINC".equalsIgnoreCase(obx.get(3, 3));
            DateTimeType effective = effective(obx, obr);
            Identifier identifier = identifier(message, orc, obr, obx, patientKey, effective, context);
            Vital vital = loinc ? VITALS.get(code) : null;
            if (vital != null && vital.profile().equals(KapCanonicals.BLOOD_PRESSURE_PROFILE)) {
                Quantity value = vitalValue(obx, vital);
                String key = effective == null ? "" : effective.getValueAsString();
                Observation panel = bloodPressure.get(key);
                if (panel == null) {
                    panel = base(obx, patient, effective, identifier);
                    panel.getIdentifierFirstRep().setValue(identifier.getValue().replace(code, Loinc.BLOOD_PRESSURE_PANEL));
                    panel.getMeta().addProfile(vital.profile());
                    panel.addCategory(vitalSigns());
                    panel.setCode(new CodeableConcept(new Coding(CodeSystems.LOINC, Loinc.BLOOD_PRESSURE_PANEL,
                            "Blood pressure panel with all children optional")));
                    bloodPressure.put(key, panel);
                    observations.add(panel);
                }
                panel.addComponent().setCode(new CodeableConcept(new Coding(CodeSystems.LOINC, code, vital.display()))).setValue(value);
            } else if (vital != null) {
                Observation observation = base(obx, patient, effective, identifier);
                observation.getMeta().addProfile(vital.profile());
                observation.addCategory(vitalSigns());
                CodeableConcept concept = new CodeableConcept(new Coding(CodeSystems.LOINC, code, vital.display()));
                if (Loinc.PULSE_OXIMETRY.equals(code)) {
                    concept.addCoding(new Coding(CodeSystems.LOINC, Loinc.OXYGEN_SATURATION, VITALS.get(Loinc.OXYGEN_SATURATION).display()));
                }
                observation.setCode(concept);
                observation.setValue(vitalValue(obx, vital));
                observations.add(observation);
            } else if (total(code, loinc, obr, context).isPresent()) {
                observations.add(score(message, obx, total(code, loinc, obr, context).get(), base(obx, patient, effective, identifier)));
            } else {
                Observation observation = base(obx, patient, effective, identifier);
                observation.setCode(CweToCodeableConcept.map(obx.segment(), 3).orElseThrow(() -> new MappingException(
                        ErrorCode.REQUIRED_FIELD_MISSING, obx.at(3), "OBX-3 observation identifier is required")));
                value(obx).ifPresentOrElse(observation::setValue, () -> observation.getDataAbsentReason()
                        .addCoding(new Coding(CodeSystems.DATA_ABSENT_REASON,
                                isValued(obx) ? "unsupported" : "unknown", null)));
                CweToCodeableConcept.map(obx.segment(), 8).ifPresent(observation::addInterpretation);
                String range = obx.get(7, 1);
                if (range != null) {
                    observation.addReferenceRange().setText(range);
                }
                observations.add(observation);
            }
        }
        return observations;
    }

    /** A scale total: OBX-3 a LOINC total code, or the total of the instrument whose panel OBR-4 names. */
    private static Optional<Instruments.Total> total(String code, boolean loinc, V2Message.Seg obr, MappingContext context) {
        return context.instruments().total(code)
                .filter(t -> loinc || (obr != null && t.instrument().panelCode().equals(obr.get(4, 1))));
    }

    /**
     * KAP Score Observation from a total sent without its items: the total as sent (within the instrument's range),
     * the severity band the Questionnaire gives for it (for the patient's sex, PID-8, where bands differ by sex); no
     * derivedFrom, as there is no QuestionnaireResponse.
     */
    private static Observation score(V2Message message, V2Message.Seg obx, Instruments.Total total, Observation score)
            throws MappingException {
        score.getMeta().addProfile(KapCanonicals.SCORE_OBSERVATION_PROFILE);
        score.addCategory(new CodeableConcept(new Coding(CodeSystems.OBSERVATION_CATEGORY, "survey", "Survey")));
        CodeableConcept code = CweToCodeableConcept.map(obx.segment(), 3).orElseThrow();
        if (code.getCoding().stream().noneMatch(c -> CodeSystems.LOINC.equals(c.getSystem()) && total.code().equals(c.getCode()))) {
            code.getCodingFirstRep().setSystem(CodeSystems.LOINC); // OBX-3 without LN under a LOINC panel: the panel's total
        }
        score.setCode(code);
        BigDecimal value = number(obx);
        if (!total.inRange(value)) {
            throw new MappingException(ErrorCode.APPLICATION_INTERNAL_ERROR, obx.at(5), "OBX-5 total is outside the range "
                    + total.min().map(BigDecimal::toPlainString).orElse("") + "–" + total.max().map(BigDecimal::toPlainString).orElse("")
                    + " of " + total.instrument().url());
        }
        score.setValue(new Quantity().setValue(value).setSystem(CodeSystems.UCUM).setCode(Ucum.SCORE).setUnit(Ucum.SCORE));
        String sex = message.first("PID").flatMap(pid -> CodeTables.gender(pid.get(8, 1)))
                .map(AdministrativeGender::toCode).orElse(null);
        total.band(value, sex).ifPresent(band -> score.addInterpretation(new CodeableConcept(band.copy())));
        return score;
    }

    private static CodeableConcept vitalSigns() {
        return new CodeableConcept(new Coding(CodeSystems.OBSERVATION_CATEGORY, "vital-signs", "Vital Signs"));
    }

    private static Observation base(V2Message.Seg obx, Reference patient, DateTimeType effective, Identifier identifier)
            throws MappingException {
        Observation observation = new Observation();
        observation.addIdentifier(identifier.copy());
        String status = obx.get(11, 1);
        observation.setStatus(Observation.ObservationStatus.fromCode(status == null ? "final"
                : CodeTables.code("observation-status", status).orElseThrow(() -> new MappingException(
                ErrorCode.TABLE_VALUE_NOT_FOUND, obx.at(11), "OBX-11 result status is not a code of HL7 table 0085"))));
        observation.setSubject(patient);
        if (effective != null) {
            observation.setEffective(effective);
        }
        return observation;
    }

    private static DateTimeType effective(V2Message.Seg obx, V2Message.Seg obr) throws MappingException {
        DateTimeType effective = DtmToFhir.toDateTime(obx.get(14, 1), obx.at(14), obx.senderZone());
        if (effective == null && obr != null) {
            effective = DtmToFhir.toDateTime(obr.get(7, 1), obr.at(7), obr.senderZone());
        }
        return effective;
    }

    private static Identifier identifier(V2Message message, V2Message.Seg orc, V2Message.Seg obr, V2Message.Seg obx,
                                         Identifier patientKey, DateTimeType effective, MappingContext context) {
        String order = null;
        if (obr != null) {
            order = Optional.ofNullable(obr.get(3, 1)).orElse(obr.get(2, 1));
        }
        if (order == null && orc != null) {
            order = Optional.ofNullable(orc.get(3, 1)).orElse(orc.get(2, 1));
        }
        String subId = Optional.ofNullable(obx.get(4, 1)).orElse("");
        String code = Optional.ofNullable(obx.get(3, 1)).orElse("");
        String value = order != null
                ? order + "-" + code + (subId.isEmpty() ? "" : "-" + subId)
                // No order number: the same patient's same observation at the same time is the same Observation.
                : patientKey.getValue() + "-" + code + "-" + (effective == null ? "" : effective.getValueAsString())
                + (subId.isEmpty() ? "" : "-" + subId);
        return new Identifier().setSystem(context.systems().scopedSystem(message.senderScope(), "observation")).setValue(value);
    }

    private static Quantity vitalValue(V2Message.Seg obx, Vital vital) throws MappingException {
        BigDecimal number = number(obx);
        String unit = obx.get(6, 1);
        if (unit == null) {
            unit = obx.get(6, 2);
        }
        if (unit == null) {
            throw new MappingException(ErrorCode.REQUIRED_FIELD_MISSING, obx.at(6), "OBX-6 units are required for a vital sign");
        }
        String ucum = RouteAndUnits.ucum(unit).orElse(null);
        if (!vital.ucum().equals(ucum)) {
            throw new MappingException(ErrorCode.TABLE_VALUE_NOT_FOUND, obx.at(6),
                    "OBX-6 units of " + vital.display() + " must be " + vital.ucum() + " (UCUM)");
        }
        // the unit as the sender wrote it for people (OBX-6.2, "mmHg", "beats/minute"), else the UCUM code
        String text = obx.get(6, 1) == null ? null : obx.get(6, 2);
        return new Quantity().setValue(number).setSystem(CodeSystems.UCUM).setCode(ucum).setUnit(text == null ? ucum : text);
    }

    private static BigDecimal number(V2Message.Seg obx) throws MappingException {
        String text = obx.get(5, 1);
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException | NullPointerException e) {
            throw new MappingException(ErrorCode.DATA_TYPE_ERROR, obx.at(5), "OBX-5 must be a number (NM)");
        }
    }

    private static boolean isValued(V2Message.Seg obx) {
        return V2Fields.isValued(obx.segment(), 5);
    }

    private static Optional<org.hl7.fhir.r4.model.Type> value(V2Message.Seg obx) throws MappingException {
        if (!isValued(obx)) {
            return Optional.empty();
        }
        String type = Optional.ofNullable(obx.get(2, 1)).orElse("");
        switch (type) {
            case "NM" -> {
                return Optional.of(RouteAndUnits.quantity(obx.get(5, 1), obx.segment(), 6).orElseThrow(() ->
                        new MappingException(ErrorCode.DATA_TYPE_ERROR, obx.at(5), "OBX-5 must be a number (NM)")));
            }
            case "SN" -> {
                String comparator = obx.get(5, 1);
                String number = obx.get(5, 2);
                String separator = obx.get(5, 3);
                if (number == null || separator != null) {
                    return Optional.of(new StringType(String.join("", nonNull(comparator, number, separator, obx.get(5, 4)))));
                }
                Quantity quantity = RouteAndUnits.quantity(number, obx.segment(), 6).orElseThrow(() ->
                        new MappingException(ErrorCode.DATA_TYPE_ERROR, obx.at(5), "OBX-5.2 must be a number (SN)"));
                if (comparator != null && !"=".equals(comparator)) {
                    try {
                        quantity.setComparator(Quantity.QuantityComparator.fromCode(comparator));
                    } catch (org.hl7.fhir.exceptions.FHIRException e) {
                        throw new MappingException(ErrorCode.DATA_TYPE_ERROR, obx.at(5), "OBX-5.1 is not a comparator (SN)");
                    }
                }
                return Optional.of(quantity);
            }
            case "ST", "TX", "FT", "TN", "TM" -> {
                return Optional.of(new StringType(V2Fields.text(obx.segment(), 5, type)));
            }
            case "CE", "CWE", "CNE", "CF" -> {
                return CweToCodeableConcept.map(obx.segment(), 5).map(c -> c);
            }
            case "DT", "DTM", "TS" -> {
                return Optional.ofNullable(DtmToFhir.toDateTime(obx.get(5, 1), obx.at(5), obx.senderZone()));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private static List<String> nonNull(String... parts) {
        List<String> list = new ArrayList<>();
        for (String part : parts) {
            if (part != null) {
                list.add(part);
            }
        }
        return list;
    }
}
