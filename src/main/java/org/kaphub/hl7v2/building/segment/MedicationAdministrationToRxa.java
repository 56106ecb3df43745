package org.kaphub.hl7v2.building.segment;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.v28.segment.ORC;
import ca.uhn.hl7v2.model.v28.segment.RXA;
import ca.uhn.hl7v2.model.v28.segment.RXR;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationAdministration.MedicationAdministrationDosageComponent;
import org.hl7.fhir.r4.model.MedicationAdministration.MedicationAdministrationStatus;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Quantity;
import org.kaphub.hl7v2.building.BuildException;
import org.kaphub.hl7v2.building.Outbound;
import org.kaphub.hl7v2.building.datatype.FhirToDtm;
import org.kaphub.hl7v2.building.datatype.IdentifierToEi;
import org.kaphub.hl7v2.building.datatype.PractitionerToXcn;
import org.kaphub.hl7v2.building.datatype.RouteAndUnitsToCwe;
import org.kaphub.vocabulary.CodeSystems;
import org.kaphub.vocabulary.KapCanonicals;

import java.util.Map;
import java.util.Optional;

/**
 * MedicationAdministration → ORC + RXA + RXR, the inverse of
 * {@link org.kaphub.hl7v2.mapping.segment.RxaToMedicationAdministration}:
 * <table>
 * <tr><th>FHIR MedicationAdministration</th><th>v2</th></tr>
 * <tr><td>identifier (the first with system and value; else the id under MSH-3's namespace)</td>
 *     <td>ORC-3 filler order number, RXA-1 0, RXA-2 1</td></tr>
 * <tr><td>request (its identifier, else the MedicationRequest's placer (PLAC) or first identifier)</td><td>ORC-2</td></tr>
 * <tr><td>status</td><td>RXA-20 (completed CP, stopped PA, not-done NA); entered-in-error: RXA-21 D</td></tr>
 * <tr><td>medication (CodeableConcept, or the referenced Medication's code)</td><td>RXA-5</td></tr>
 * <tr><td>effectivePeriod.start / .end (effectiveDateTime: both)</td><td>RXA-3 / RXA-4</td></tr>
 * <tr><td>dosage.dose</td><td>RXA-6 + RXA-7</td></tr>
 * <tr><td>dosage.rateQuantity</td><td>RXA-12 "&lt;value&gt; &lt;unit&gt;" (the form the inbound side reads)</td></tr>
 * <tr><td>dosage.route</td><td>RXR-1</td></tr>
 * <tr><td>extension kap-medication-lot</td><td>RXA-15 (repeats)</td></tr>
 * <tr><td>performer.actor</td><td>RXA-10 (repeats)</td></tr>
 * <tr><td>note.text</td><td>RXA-9 CWE-2 (repeats)</td></tr>
 * </table>
 * ORC-3 carries the administration's own number, not the pharmacy's: the receiver keys an administration by
 * ORC-3 + RXA-1 + RXA-2, and the six sessions of one order must stay six records there. The identifier that comes
 * back is therefore the receiver's (scoped to KAP Hub as sender), not the original. Not carried, as the inbound side
 * reads none of them: the session-number extension, context (encounter), reasonCode, statusReason,
 * performer.function, a rateRatio; only the first performer and note are read back.
 */
public final class MedicationAdministrationToRxa {

    private static final Map<MedicationAdministrationStatus, String> COMPLETION_0322 = Map.of(
            MedicationAdministrationStatus.COMPLETED, "CP",
            MedicationAdministrationStatus.STOPPED, "PA",
            MedicationAdministrationStatus.NOTDONE, "NA");

    private MedicationAdministrationToRxa() {
    }

    public static void fill(ORC orc, RXA rxa, RXR rxr, MedicationAdministration administration, Outbound outbound)
            throws HL7Exception, BuildException {
        orc.getOrderControl().setValue("RE");
        Optional<Identifier> placer = Pharmacy.placerOfRequest(administration.getRequest(), outbound);
        if (placer.isPresent()) {
            IdentifierToEi.fill(orc.getPlacerOrderNumber(), placer.get(), outbound.receiver());
        }
        Pharmacy.ownNumber(orc.getFillerOrderNumber(), administration.getIdentifier(), administration, outbound);

        rxa.getGiveSubIDCounter().setValue("0");
        rxa.getAdministrationSubIDCounter().setValue("1");
        if (administration.hasEffectivePeriod()) {
            rxa.getDateTimeStartOfAdministration().setValue(FhirToDtm.dtm(administration.getEffectivePeriod().getStartElement()));
            rxa.getDateTimeEndOfAdministration().setValue(FhirToDtm.dtm(administration.getEffectivePeriod().getEndElement()));
        } else if (administration.hasEffectiveDateTimeType()) {
            String at = FhirToDtm.dtm(administration.getEffectiveDateTimeType());
            rxa.getDateTimeStartOfAdministration().setValue(at);
            rxa.getDateTimeEndOfAdministration().setValue(at);
        }
        if (rxa.getDateTimeStartOfAdministration().isEmpty()) {
            throw new BuildException("the MedicationAdministration has no effective start: RXA-3 is required");
        }
        Pharmacy.medication(rxa.getAdministeredCode(), administration.hasMedicationReference()
                ? administration.getMedicationReference() : null,
                administration.hasMedicationCodeableConcept() ? administration.getMedicationCodeableConcept() : null, outbound);

        MedicationAdministrationDosageComponent dosage = administration.getDosage();
        if (!dosage.hasDose() || !dosage.getDose().hasValue()) {
            throw new BuildException("the MedicationAdministration has no dosage.dose: RXA-6 administered amount is required");
        }
        rxa.getAdministeredAmount().setValue(RouteAndUnitsToCwe.number(dosage.getDose().getValue()));
        RouteAndUnitsToCwe.units(rxa.getAdministeredUnits(), dosage.getDose());
        if (dosage.hasRateQuantity() && dosage.getRateQuantity().hasValue()) {
            Quantity rate = dosage.getRateQuantity();
            String unit = CodeSystems.UCUM.equals(rate.getSystem()) && rate.hasCode() ? rate.getCode() : rate.getUnit();
            rxa.getAdministeredPerTimeUnit().setValue(RouteAndUnitsToCwe.number(rate.getValue()) + (unit == null ? "" : " " + unit));
        }
        if (!dosage.hasRoute()) {
            throw new BuildException("the MedicationAdministration has no dosage.route: RXR-1 is required");
        }
        RouteAndUnitsToCwe.route(rxr.getRoute(), dosage.getRoute());

        int lots = 0;
        for (Extension lot : administration.getExtensionsByUrl(KapCanonicals.MEDICATION_LOT)) {
            if (lot.getValue() != null && lot.getValue().hasPrimitiveValue()) {
                rxa.getSubstanceLotNumber(lots++).setValue(lot.getValue().primitiveValue());
            }
        }
        int performers = 0;
        for (MedicationAdministration.MedicationAdministrationPerformerComponent performer : administration.getPerformer()) {
            PractitionerToXcn.fill(rxa.getAdministeringProvider(performers++), performer.getActor(), outbound.references(),
                    outbound.receiver());
        }
        int notes = 0;
        for (Annotation note : administration.getNote()) {
            if (note.hasText()) {
                rxa.getAdministrationNotes(notes++).getText().setValue(note.getText());
            }
        }

        MedicationAdministrationStatus status = administration.getStatus();
        if (status == MedicationAdministrationStatus.ENTEREDINERROR) {
            rxa.getActionCodeRXA().setValue("D");
        } else if (COMPLETION_0322.containsKey(status)) {
            rxa.getCompletionStatus().setValue(COMPLETION_0322.get(status));
        } else {
            throw new BuildException("the MedicationAdministration status " + (status == null ? "(none)" : status.toCode())
                    + " has no HL7 table 0322 completion status (RXA-20)");
        }
    }
}
