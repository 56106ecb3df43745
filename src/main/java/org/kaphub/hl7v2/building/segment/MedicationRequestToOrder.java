package org.kaphub.hl7v2.building.segment;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.v28.segment.ORC;
import ca.uhn.hl7v2.model.v28.segment.RXE;
import ca.uhn.hl7v2.model.v28.segment.RXR;
import ca.uhn.hl7v2.model.v28.segment.TQ1;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestStatus;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Timing;
import org.kaphub.hl7v2.building.BuildException;
import org.kaphub.hl7v2.building.Outbound;
import org.kaphub.hl7v2.building.datatype.FhirToDtm;
import org.kaphub.hl7v2.building.datatype.IdentifierToEi;
import org.kaphub.hl7v2.building.datatype.PractitionerToXcn;
import org.kaphub.hl7v2.building.datatype.RouteAndUnitsToCwe;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * MedicationRequest → ORC + RXE + RXR (+ TQ1 from v2.5), the inverse of
 * {@link org.kaphub.hl7v2.mapping.segment.OrderToMedicationRequest} for RDE^O11:
 * <table>
 * <tr><th>FHIR MedicationRequest</th><th>v2</th></tr>
 * <tr><td>identifier typed PLAC (else the first; else the id under MSH-3's namespace)</td><td>ORC-2 placer order number</td></tr>
 * <tr><td>identifier typed FILL</td><td>ORC-3 filler order number</td></tr>
 * <tr><td>status</td><td>ORC-1 (active NW, on-hold HD, cancelled CA, stopped DC); completed / entered-in-error: ORC-1 SC
 *     with ORC-5 CM / ER</td></tr>
 * <tr><td>authoredOn</td><td>ORC-9</td></tr>
 * <tr><td>requester (required: a controlled substance)</td><td>ORC-12</td></tr>
 * <tr><td>medication</td><td>RXE-2 give code</td></tr>
 * <tr><td>dosageInstruction.doseAndRate.dose (Quantity, or Range low / high)</td><td>RXE-3 / RXE-4 + RXE-5</td></tr>
 * <tr><td>dosageInstruction.doseAndRate.rateQuantity</td><td>RXE-23 + RXE-24</td></tr>
 * <tr><td>dosageInstruction.text</td><td>RXE-7 CWE-2</td></tr>
 * <tr><td>dosageInstruction.route</td><td>RXR-1</td></tr>
 * <tr><td>dosageInstruction.timing.code (text, else its first code)</td><td>TQ1-3 repeat pattern (v2.5+)</td></tr>
 * <tr><td>dosageInstruction.timing.repeat.boundsPeriod</td><td>TQ1-7 / TQ1-8 (v2.5+)</td></tr>
 * <tr><td>dispenseRequest.quantity</td><td>RXE-10 + RXE-11</td></tr>
 * <tr><td>dispenseRequest.numberOfRepeatsAllowed</td><td>RXE-12</td></tr>
 * </table>
 * One RXE has one give amount and rate: a request with several dosage instructions or dose-and-rates cannot be said
 * and is refused. Before v2.5 there is no TQ1 and the timing travels nowhere (RXE-1's TQ, which the inbound side does
 * not read, is not written either). Not carried, as the inbound side reads none of them: intent (always order on the
 * way back), the requester's own identifier when only a display is known, notes, reasonCode.
 */
public final class MedicationRequestToOrder {

    private static final Map<MedicationRequestStatus, String> ORDER_CONTROL = Map.of(
            MedicationRequestStatus.ACTIVE, "NW",
            MedicationRequestStatus.ONHOLD, "HD",
            MedicationRequestStatus.CANCELLED, "CA",
            MedicationRequestStatus.STOPPED, "DC",
            MedicationRequestStatus.COMPLETED, "SC",
            MedicationRequestStatus.ENTEREDINERROR, "SC");
    private static final Map<MedicationRequestStatus, String> ORDER_STATUS = Map.of(
            MedicationRequestStatus.COMPLETED, "CM",
            MedicationRequestStatus.ENTEREDINERROR, "ER");

    private MedicationRequestToOrder() {
    }

    /** @param tq1 null for versions before 2.5, which have no TQ1 */
    public static void fill(ORC orc, RXE rxe, RXR rxr, TQ1 tq1, MedicationRequest request, Outbound outbound)
            throws HL7Exception, BuildException {
        MedicationRequestStatus status = request.getStatus();
        if (!ORDER_CONTROL.containsKey(status)) {
            throw new BuildException("the MedicationRequest status " + (status == null ? "(none)" : status.toCode())
                    + " is no order a pharmacy can act on (ORC-1)");
        }
        orc.getOrderControl().setValue(ORDER_CONTROL.get(status));
        orc.getOrderStatus().setValue(ORDER_STATUS.get(status));

        Optional<Identifier> filler = request.getIdentifier().stream()
                .filter(i -> i.hasValue() && Pharmacy.hasType(i, "FILL")).findFirst();
        Optional<Identifier> placer = request.getIdentifier().stream()
                .filter(i -> i.hasValue() && i.hasSystem() && filler.map(f -> f != i).orElse(true))
                .filter(i -> Pharmacy.hasType(i, "PLAC")).findFirst()
                .or(() -> request.getIdentifier().stream()
                        .filter(i -> i.hasValue() && i.hasSystem() && filler.map(f -> f != i).orElse(true)).findFirst());
        if (placer.isPresent()) {
            IdentifierToEi.fill(orc.getPlacerOrderNumber(), placer.get(), outbound.receiver());
        } else if (filler.isEmpty()) {
            Pharmacy.ownNumber(orc.getPlacerOrderNumber(), java.util.List.of(), request, outbound);
        }
        if (filler.isPresent()) {
            IdentifierToEi.fill(orc.getFillerOrderNumber(), filler.get(), outbound.receiver());
        }
        orc.getDateTimeOfTransaction().setValue(FhirToDtm.dtm(request.getAuthoredOnElement()));
        if (!request.hasRequester()) {
            throw new BuildException("the MedicationRequest has no requester: ORC-12 ordering provider is required for a "
                    + "controlled substance");
        }
        PractitionerToXcn.fill(orc.getOrderingProvider(0), request.getRequester(), outbound.references(), outbound.receiver());

        Pharmacy.medication(rxe.getGiveCode(), request.hasMedicationReference() ? request.getMedicationReference() : null,
                request.hasMedicationCodeableConcept() ? request.getMedicationCodeableConcept() : null, outbound);

        if (request.getDosageInstruction().size() > 1) {
            throw new BuildException("the MedicationRequest has more than one dosageInstruction: one RXE gives one dose");
        }
        if (request.hasDosageInstruction()) {
            dosage(rxe, rxr, tq1, request.getDosageInstructionFirstRep());
        }
        if (request.getDispenseRequest().hasQuantity() && request.getDispenseRequest().getQuantity().hasValue()) {
            Quantity dispense = request.getDispenseRequest().getQuantity();
            rxe.getDispenseAmount().setValue(RouteAndUnitsToCwe.number(dispense.getValue()));
            RouteAndUnitsToCwe.units(rxe.getDispenseUnits(), dispense);
        }
        if (request.getDispenseRequest().hasNumberOfRepeatsAllowed()) {
            rxe.getNumberOfRefills().setValue(String.valueOf(request.getDispenseRequest().getNumberOfRepeatsAllowed()));
        }
    }

    private static void dosage(RXE rxe, RXR rxr, TQ1 tq1, Dosage dosage) throws HL7Exception, BuildException {
        if (dosage.hasText()) {
            rxe.getProviderSAdministrationInstructions(0).getText().setValue(dosage.getText());
        }
        if (dosage.hasRoute()) {
            RouteAndUnitsToCwe.route(rxr.getRoute(), dosage.getRoute());
        }
        if (dosage.getDoseAndRate().size() > 1) {
            throw new BuildException("the dosageInstruction has more than one doseAndRate: one RXE gives one amount and rate");
        }
        Dosage.DosageDoseAndRateComponent doseAndRate = dosage.getDoseAndRateFirstRep();
        if (doseAndRate.hasDoseQuantity()) {
            Quantity dose = doseAndRate.getDoseQuantity();
            rxe.getGiveAmountMinimum().setValue(RouteAndUnitsToCwe.number(dose.getValue()));
            RouteAndUnitsToCwe.units(rxe.getGiveUnits(), dose);
        } else if (doseAndRate.hasDoseRange()) {
            Range range = doseAndRate.getDoseRange();
            if (!Objects.equals(range.getLow().getCode(), range.getHigh().getCode())
                    || !Objects.equals(range.getLow().getUnit(), range.getHigh().getUnit())) {
                throw new BuildException("the dose range's low and high have different units: RXE-5 gives one unit");
            }
            rxe.getGiveAmountMinimum().setValue(RouteAndUnitsToCwe.number(range.getLow().getValue()));
            rxe.getGiveAmountMaximum().setValue(RouteAndUnitsToCwe.number(range.getHigh().getValue()));
            RouteAndUnitsToCwe.units(rxe.getGiveUnits(), range.getLow().hasCode() || range.getLow().hasUnit() ? range.getLow() : range.getHigh());
        }
        if (doseAndRate.hasRateQuantity() && doseAndRate.getRateQuantity().hasValue()) {
            rxe.getGiveRateAmount().setValue(RouteAndUnitsToCwe.number(doseAndRate.getRateQuantity().getValue()));
            RouteAndUnitsToCwe.units(rxe.getGiveRateUnits(), doseAndRate.getRateQuantity());
        }
        if (tq1 != null && dosage.hasTiming()) {
            timing(tq1, dosage.getTiming());
        }
    }

    private static void timing(TQ1 tq1, Timing timing) throws HL7Exception {
        String pattern = timing.getCode().hasText() ? timing.getCode().getText()
                : timing.getCode().getCoding().stream().filter(c -> c.hasCode()).map(c -> c.getCode()).findFirst().orElse(null);
        if (pattern != null) {
            tq1.getRepeatPattern(0).getRepeatPatternCode().getIdentifier().setValue(pattern);
        }
        if (timing.getRepeat().hasBoundsPeriod()) {
            Period bounds = timing.getRepeat().getBoundsPeriod();
            tq1.getStartDateTime().setValue(FhirToDtm.dtm(bounds.getStartElement()));
            tq1.getEndDateTime().setValue(FhirToDtm.dtm(bounds.getEndElement()));
        }
        if (!tq1.isEmpty()) {
            tq1.getSetIDTQ1().setValue("1");
        }
    }
}
