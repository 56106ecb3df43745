package org.kaphub.hl7v2.mapping.segment;

import ca.uhn.hl7v2.ErrorCode;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.SimpleQuantity;
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

import java.util.Map;
import java.util.Optional;

/**
 * ORC + RXE (RDE^O11) or ORC + RXO (OMP^O09), with RXR and TQ1 → KAP MedicationRequest. KAP Hub's design (the
 * v2-to-FHIR guide maps RXO and RXR, not RXE): RXE is read as the pharmacy-encoded form of RXO, field for field.
 *
 * <table>
 * <tr><th>v2 (RXE / RXO)</th><th>FHIR MedicationRequest</th></tr>
 * <tr><td>ORC-2 placer order number (EI)</td><td>identifier type PLAC — the conditional-update key</td></tr>
 * <tr><td>ORC-3 filler order number (EI)</td><td>identifier type FILL (the key when ORC-2 is empty)</td></tr>
 * <tr><td>ORC-1 order control (0119), ORC-5 order status (0038) wins when valued</td><td>status</td></tr>
 * <tr><td>—</td><td>intent = order</td></tr>
 * <tr><td>RXE-2 / RXO-1 give code (CWE)</td><td>medicationCodeableConcept (required)</td></tr>
 * <tr><td>PID</td><td>subject</td></tr>
 * <tr><td>ORC-9 date/time of transaction, else RXE-32 original order date</td><td>authoredOn</td></tr>
 * <tr><td>ORC-12 ordering provider (XCN), else RXE-13 / RXO-14 DEA number (XCN)</td><td>requester (required by KAP: Schedule III)</td></tr>
 * <tr><td>RXE-3/-4 / RXO-2/-3 amount min/max + RXE-5 / RXO-4 units</td><td>dosageInstruction.doseAndRate.dose (Quantity or Range)</td></tr>
 * <tr><td>RXE-23 + RXE-24 / RXO-21 + RXO-22 give rate</td><td>dosageInstruction.doseAndRate.rateQuantity</td></tr>
 * <tr><td>RXR-1 route (0162)</td><td>dosageInstruction.route (v2-0162 + SNOMED CT)</td></tr>
 * <tr><td>TQ1-3 repeat pattern, TQ1-7 / TQ1-8 start / end</td><td>dosageInstruction.timing.code.text, .repeat.boundsPeriod</td></tr>
 * <tr><td>RXE-7 / RXO-7 administration instructions (CWE-2 or CWE-9 text)</td><td>dosageInstruction.text</td></tr>
 * <tr><td>RXE-10 + RXE-11 / RXO-11 + RXO-12 dispense amount</td><td>dispenseRequest.quantity</td></tr>
 * <tr><td>RXE-12 / RXO-13 number of refills</td><td>dispenseRequest.numberOfRepeatsAllowed</td></tr>
 * </table>
 */
public final class OrderToMedicationRequest {

    /** Field positions that differ between RXE and RXO, by segment name. */
    private record Fields(int giveCode, int amountMin, int amountMax, int units, int instructions, int dispenseAmount,
                          int dispenseUnits, int refills, int dea, int rateAmount, int rateUnits) {
    }

    private static final Map<String, Fields> FIELDS = Map.of(
            "RXE", new Fields(2, 3, 4, 5, 7, 10, 11, 12, 13, 23, 24),
            "RXO", new Fields(1, 2, 3, 4, 7, 11, 12, 13, 14, 21, 22));


    private OrderToMedicationRequest() {
    }

    public static MedicationRequest map(V2Message message, V2Message.Seg orc, V2Message.Seg rx, Optional<V2Message.Seg> rxr,
                                        Optional<V2Message.Seg> tq1, Reference patient, IdentifierSystems systems)
            throws MappingException {
        Fields f = FIELDS.get(rx.name());
        MedicationRequest request = new MedicationRequest();
        Optional<Identifier> placer = EiToIdentifier.map(orc.segment(), 2, 0, systems, message.senderScope(), "placer-order");
        Optional<Identifier> filler = EiToIdentifier.map(orc.segment(), 3, 0, systems, message.senderScope(), "filler-order");
        if (placer.isEmpty() && filler.isEmpty()) {
            throw new MappingException(ErrorCode.REQUIRED_FIELD_MISSING, orc.at(2),
                    "ORC-2 placer order number (or ORC-3 filler order number) is required to identify the order");
        }
        placer.ifPresent(id -> {
            id.getType().addCoding().setSystem(CodeSystems.V2_0203).setCode("PLAC");
            request.addIdentifier(id);
        });
        filler.ifPresent(id -> {
            id.getType().addCoding().setSystem(CodeSystems.V2_0203).setCode("FILL");
            request.addIdentifier(id);
        });

        String status = Optional.ofNullable(orc.get(5, 1)).flatMap(s -> CodeTables.code("order-status", s))
                .or(() -> CodeTables.code("order-control-status", orc.get(1, 1)))
                .orElse("active");
        request.setStatus(MedicationRequest.MedicationRequestStatus.fromCode(status));
        request.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);

        CodeableConcept medication = CweToCodeableConcept.map(rx.segment(), f.giveCode())
                .orElseThrow(() -> new MappingException(ErrorCode.REQUIRED_FIELD_MISSING, rx.at(f.giveCode()),
                        rx.name() + "-" + f.giveCode() + " give code (the medication) is required"));
        request.setMedication(medication);
        request.setSubject(patient);

        DateTimeType authored = DtmToFhir.toDateTime(orc.get(9, 1), orc.at(9), orc.senderZone());
        if (authored == null && rx.name().equals("RXE")) {
            authored = DtmToFhir.toDateTime(rx.get(32, 1), rx.at(32), rx.senderZone());
        }
        if (authored != null) {
            request.setAuthoredOnElement(authored);
        }

        Reference requester = XcnToReference.map(orc.segment(), 12, 0, systems)
                .or(() -> XcnToReference.map(rx.segment(), f.dea(), 0, systems))
                .orElseThrow(() -> new MappingException(ErrorCode.REQUIRED_FIELD_MISSING, orc.at(12),
                        "ORC-12 ordering provider is required: ketamine and esketamine are controlled substances "
                                + "(KAP MedicationRequest.requester)"));
        request.setRequester(requester);

        Dosage dosage = request.addDosageInstruction();
        String instructions = V2Fields.get(rx.segment(), f.instructions(), 0, 2, 1);
        if (instructions == null) {
            instructions = V2Fields.get(rx.segment(), f.instructions(), 0, 9, 1);
        }
        if (instructions != null) {
            dosage.setText(instructions);
        }
        rxr.flatMap(r -> RouteAndUnits.route(r.segment(), 1)).ifPresent(dosage::setRoute);
        Optional<Quantity> min = RouteAndUnits.quantity(rx.get(f.amountMin(), 1), rx.segment(), f.units());
        Optional<Quantity> max = RouteAndUnits.quantity(rx.get(f.amountMax(), 1), rx.segment(), f.units());
        Dosage.DosageDoseAndRateComponent doseAndRate = new Dosage.DosageDoseAndRateComponent();
        if (min.isPresent() && max.isPresent() && min.get().getValue().compareTo(max.get().getValue()) != 0) {
            doseAndRate.setDose(new Range().setLow(simple(min.get())).setHigh(simple(max.get())));
        } else if (min.isPresent()) {
            doseAndRate.setDose(simple(min.get()));
        }
        RouteAndUnits.quantity(rx.get(f.rateAmount(), 1), rx.segment(), f.rateUnits()).ifPresent(doseAndRate::setRate);
        if (!doseAndRate.isEmpty()) {
            dosage.addDoseAndRate(doseAndRate);
        }
        if (tq1.isPresent()) {
            V2Message.Seg t = tq1.get();
            String pattern = t.get(3, 1);
            if (pattern != null) {
                // As text: local repeat patterns (QW, Q2W …) are not all codes of table 0335, and a wrong code would fail validation.
                dosage.getTiming().getCode().setText(pattern);
            }
            DateTimeType start = DtmToFhir.toDateTime(t.get(7, 1), t.at(7), t.senderZone());
            DateTimeType end = DtmToFhir.toDateTime(t.get(8, 1), t.at(8), t.senderZone());
            if (start != null || end != null) {
                org.hl7.fhir.r4.model.Period bounds = new org.hl7.fhir.r4.model.Period();
                bounds.setStartElement(start);
                bounds.setEndElement(end);
                dosage.getTiming().getRepeat().setBounds(bounds);
            }
        }
        if (dosage.isEmpty()) {
            request.getDosageInstruction().clear();
        }
        RouteAndUnits.quantity(rx.get(f.dispenseAmount(), 1), rx.segment(), f.dispenseUnits())
                .ifPresent(q -> request.getDispenseRequest().setQuantity(simple(q)));
        String refills = rx.get(f.refills(), 1);
        if (refills != null && refills.matches("\\d{1,6}")) {
            request.getDispenseRequest().setNumberOfRepeatsAllowed(Integer.parseInt(refills));
        }
        return request;
    }

    private static SimpleQuantity simple(Quantity quantity) {
        SimpleQuantity simple = new SimpleQuantity();
        simple.setValue(quantity.getValue()).setUnit(quantity.getUnit()).setSystem(quantity.getSystem()).setCode(quantity.getCode());
        return simple;
    }

}
