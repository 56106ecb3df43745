package org.kaphub.hl7v2.mapping.segment;

import ca.uhn.hl7v2.ErrorCode;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationAdministration.MedicationAdministrationDosageComponent;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.SimpleQuantity;
import org.hl7.fhir.r4.model.StringType;
import org.kaphub.hl7v2.mapping.Locations;
import org.kaphub.hl7v2.mapping.IdentifierSystems;
import org.kaphub.hl7v2.mapping.MappingException;
import org.kaphub.hl7v2.mapping.V2Fields;
import org.kaphub.hl7v2.mapping.V2Message;
import org.kaphub.hl7v2.mapping.datatype.CodeTables;
import org.kaphub.hl7v2.mapping.datatype.CweToCodeableConcept;
import org.kaphub.hl7v2.mapping.datatype.DtmToFhir;
import org.kaphub.hl7v2.mapping.datatype.EiToIdentifier;
import org.kaphub.hl7v2.mapping.datatype.RouteAndUnits;
import org.kaphub.hl7v2.mapping.datatype.XcnToReference;
import org.kaphub.vocabulary.CodeSystems;
import org.kaphub.vocabulary.KapCanonicals;
import org.kaphub.vocabulary.RxNorm;
import org.kaphub.vocabulary.Ucum;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Optional;
import java.util.Set;

/**
 * ORC + RXA + RXR → KAP MedicationAdministration (KAP Hub's design; no public map exists).
 *
 * <table>
 * <tr><th>v2</th><th>FHIR MedicationAdministration</th><th>note</th></tr>
 * <tr><td>ORC-3 filler (else ORC-2 placer) order number + RXA-1 give sub-id + RXA-2 administration sub-id</td>
 *     <td>identifier (system …/administration) — the conditional-update key</td>
 *     <td>without an order number: patient MR + RXA-3 start + RXA-5 code</td></tr>
 * <tr><td>RXA-20 completion status (0322), RXA-21 action code D</td><td>status (CP completed, PA stopped, RE/NA not-done; D entered-in-error; empty completed)</td><td></td></tr>
 * <tr><td>RXA-5 administered code (CWE)</td><td>medicationCodeableConcept</td><td>required</td></tr>
 * <tr><td>PID</td><td>subject</td><td></td></tr>
 * <tr><td>RXA-3 / RXA-4 start / end of administration</td><td>effectivePeriod.start / .end</td><td>start required</td></tr>
 * <tr><td>RXA-6 administered amount + RXA-7 units</td><td>dosage.dose (UCUM mg or mg/kg)</td><td>required; other units AE</td></tr>
 * <tr><td>RXR-1 route (0162)</td><td>dosage.route (v2-0162 + SNOMED CT)</td><td>required; IV, IM, SL, PO, NS/IN</td></tr>
 * <tr><td>RXA-12 administered per (time unit) when "&lt;number&gt;&lt;unit&gt;/min|h", else RXA-6 ÷ (RXA-4 − RXA-3)</td>
 *     <td>dosage.rateQuantity</td><td>IV requires a rate (kap-mad-1): derived from dose and duration when not sent</td></tr>
 * <tr><td>RXA-15 substance lot number (repeats)</td><td>extension kap-medication-lot</td><td></td></tr>
 * <tr><td>RXA-10 administering provider (XCN)</td><td>performer.actor (logical reference)</td><td></td></tr>
 * <tr><td>RXA-9 administration notes (CWE-2/9 text)</td><td>note</td><td></td></tr>
 * <tr><td>ORC-2 placer order number</td><td>request (logical reference by identifier to the RDE/OMP MedicationRequest)</td><td></td></tr>
 * </table>
 * Esketamine (RxNorm 2201623/2201625 in RXA-5) additionally needs a nasal route and a dose of 28, 56 or 84 mg.
 */
public final class RxaToMedicationAdministration {

    private static final Set<BigDecimal> ESKETAMINE_DOSES = Set.of(new BigDecimal(28), new BigDecimal(56), new BigDecimal(84));

    private RxaToMedicationAdministration() {
    }

    public static MedicationAdministration map(V2Message message, V2Message.Seg orc, V2Message.Seg rxa,
                                               Optional<V2Message.Seg> rxr, Reference patient, Identifier patientKey,
                                               IdentifierSystems systems) throws MappingException {
        MedicationAdministration administration = new MedicationAdministration();

        CodeableConcept medication = CweToCodeableConcept.map(rxa.segment(), 5)
                .orElseThrow(() -> new MappingException(ErrorCode.REQUIRED_FIELD_MISSING, rxa.at(5),
                        "RXA-5 administered code (the medication) is required"));
        administration.setMedication(medication);
        administration.setSubject(patient);

        DateTimeType start = DtmToFhir.toDateTime(rxa.get(3, 1), rxa.at(3), rxa.senderZone());
        if (start == null) {
            throw new MappingException(ErrorCode.REQUIRED_FIELD_MISSING, rxa.at(3),
                    "RXA-3 start of administration is required (KAP MedicationAdministration.effectivePeriod.start)");
        }
        DateTimeType end = DtmToFhir.toDateTime(rxa.get(4, 1), rxa.at(4), rxa.senderZone());
        administration.getEffectivePeriod().setStartElement(start);
        if (end != null) {
            administration.getEffectivePeriod().setEndElement(end);
        }

        administration.addIdentifier(identifier(message, orc, rxa, patientKey, systems, start));

        String action = rxa.get(21, 1);
        String completion = rxa.get(20, 1);
        String status = "D".equals(action) ? "entered-in-error"
                : completion == null ? "completed" : CodeTables.code("administration-status", completion).orElseThrow(() ->
                new MappingException(ErrorCode.TABLE_VALUE_NOT_FOUND, rxa.at(20), "RXA-20 completion status is not a code of HL7 table 0322"));
        administration.setStatus(MedicationAdministration.MedicationAdministrationStatus.fromCode(status));

        MedicationAdministrationDosageComponent dosage = administration.getDosage();
        V2Message.Seg route = rxr.orElseThrow(() -> new MappingException(ErrorCode.SEGMENT_SEQUENCE_ERROR,
                Locations.segment("RXR", 1), "RXR segment (route) missing after RXA " + rxa.sequence()
                + " (KAP MedicationAdministration.dosage.route is required)"));
        CodeableConcept routeCode = RouteAndUnits.route(route.segment(), 1).orElseThrow(() -> new MappingException(
                ErrorCode.REQUIRED_FIELD_MISSING, route.at(1), "RXR-1 route is required (KAP MedicationAdministration.dosage.route)"));
        if (!RouteAndUnits.isKnownRoute(routeCode)) {
            throw new MappingException(ErrorCode.TABLE_VALUE_NOT_FOUND, route.at(1),
                    "RXR-1 route is not one KAP accepts (IV, IM, SL, PO, NS or IN of HL7 table 0162)");
        }
        dosage.setRoute(routeCode);

        Quantity dose = RouteAndUnits.quantity(rxa.get(6, 1), rxa.segment(), 7).orElseThrow(() -> new MappingException(
                ErrorCode.REQUIRED_FIELD_MISSING, rxa.at(6), "RXA-6 administered amount is required (numeric)"));
        if (!CodeSystems.UCUM.equals(dose.getSystem())
                || !Set.of(Ucum.MILLIGRAM, Ucum.MILLIGRAM_PER_KILOGRAM).contains(dose.getCode())) {
            throw new MappingException(ErrorCode.TABLE_VALUE_NOT_FOUND, rxa.at(7),
                    "RXA-7 administered units must be mg or mg/kg (KAP rule kap-mad-2)");
        }
        dosage.setDose(simple(dose));

        if (RouteAndUnits.isIntravenous(routeCode)) {
            dosage.setRate(rate(rxa, dose, start, end));
        }
        if (isEsketamine(medication)) {
            if (!RouteAndUnits.isNasal(routeCode)) {
                throw new MappingException(ErrorCode.TABLE_VALUE_NOT_FOUND, route.at(1),
                        "RXR-1 route of esketamine must be nasal (NS or IN)");
            }
            if (!Ucum.MILLIGRAM.equals(dose.getCode()) || ESKETAMINE_DOSES.stream().noneMatch(d -> d.compareTo(dose.getValue()) == 0)) {
                throw new MappingException(ErrorCode.APPLICATION_INTERNAL_ERROR, rxa.at(6),
                        "RXA-6 esketamine dose must be 28, 56 or 84 mg (KAP rule kap-esk-1)");
            }
        }

        for (String lot : V2Fields.repetitions(rxa.segment(), 15, 1)) {
            administration.addExtension(KapCanonicals.MEDICATION_LOT, new StringType(lot));
        }
        XcnToReference.map(rxa.segment(), 10, 0, systems)
                .ifPresent(actor -> administration.addPerformer().setActor(actor));
        String note = V2Fields.get(rxa.segment(), 9, 0, 2, 1);
        if (note == null) {
            note = V2Fields.get(rxa.segment(), 9, 0, 9, 1);
        }
        if (note != null) {
            administration.addNote().setText(note);
        }
        EiToIdentifier.map(orc.segment(), 2, 0, systems, message.senderScope(), "placer-order")
                .ifPresent(order -> administration.setRequest(new Reference().setType("MedicationRequest").setIdentifier(order)));
        return administration;
    }

    static boolean isEsketamine(CodeableConcept medication) {
        return medication.getCoding().stream().anyMatch(c -> RxNorm.isEsketamine(c.getSystem(), c.getCode()));
    }

    private static Identifier identifier(V2Message message, V2Message.Seg orc, V2Message.Seg rxa, Identifier patientKey,
                                         IdentifierSystems systems, DateTimeType start) {
        String system = systems.scopedSystem(message.senderScope(), "administration");
        String order = Optional.ofNullable(orc.get(3, 1)).orElse(orc.get(2, 1));
        String giveSubId = Optional.ofNullable(rxa.get(1, 1)).orElse("0");
        String adminSubId = Optional.ofNullable(rxa.get(2, 1)).orElse("1");
        String value = order != null
                ? order + "-" + giveSubId + "-" + adminSubId
                // No order number: the same patient given the same drug at the same start is the same administration.
                : patientKey.getValue() + "-" + start.getValueAsString() + "-" + rxa.get(5, 1);
        return new Identifier().setSystem(system).setValue(value);
    }

    /**
     * The infusion rate: RXA-12 when it reads as an amount per minute or hour ("0.5 mg/min"), otherwise the average
     * rate RXA-6 ÷ (RXA-4 − RXA-3), per minute. An IV record with neither cannot meet kap-mad-1: AE at RXA-4.
     */
    private static Quantity rate(V2Message.Seg rxa, Quantity dose, DateTimeType start, DateTimeType end) throws MappingException {
        String sent = rxa.get(12, 1);
        if (sent != null) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9.]+)\\s*(mg(?:/kg)?/(?:min|h))").matcher(sent);
            if (m.matches()) {
                return new Quantity().setValue(new BigDecimal(m.group(1))).setSystem(CodeSystems.UCUM)
                        .setCode(m.group(2)).setUnit(m.group(2));
            }
        }
        if (end == null || start.getPrecision().compareTo(ca.uhn.fhir.model.api.TemporalPrecisionEnum.MINUTE) < 0
                || end.getPrecision().compareTo(ca.uhn.fhir.model.api.TemporalPrecisionEnum.MINUTE) < 0) {
            throw new MappingException(ErrorCode.REQUIRED_FIELD_MISSING, rxa.at(4),
                    "RXA-4 end of administration (with time and zone) or RXA-12 rate is required for an IV dose "
                            + "(KAP rule kap-mad-1: IV records its rate)");
        }
        long minutes = (end.getValue().getTime() - start.getValue().getTime()) / 60_000L;
        if (minutes <= 0) {
            throw new MappingException(ErrorCode.DATA_TYPE_ERROR, rxa.at(4), "RXA-4 end of administration is not after RXA-3");
        }
        String unit = dose.getCode() + Ucum.PER_MINUTE;
        return new Quantity().setValue(dose.getValue().divide(BigDecimal.valueOf(minutes), new MathContext(4)))
                .setSystem(CodeSystems.UCUM).setCode(unit).setUnit(unit);
    }

    private static SimpleQuantity simple(Quantity quantity) {
        SimpleQuantity simple = new SimpleQuantity();
        simple.setValue(quantity.getValue()).setUnit(quantity.getUnit()).setSystem(quantity.getSystem()).setCode(quantity.getCode());
        return simple;
    }
}
