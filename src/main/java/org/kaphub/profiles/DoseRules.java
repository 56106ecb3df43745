package org.kaphub.profiles;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationAdministration.MedicationAdministrationDosageComponent;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.Quantity;
import org.kaphub.vocabulary.KapCanonicals;
import org.kaphub.vocabulary.Snomed;
import org.kaphub.vocabulary.Ucum;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ketamine dose checks the profiles do not express (ranges from the KAP clinical notes, domain §2). Research KAP
 * dosing is 0.5 mg/kg IV over 40 min (IV above 1 mg/kg is the profile's warning kap-mad-3); the anaesthetic
 * label goes to 4.5 mg/kg IV and 13 mg/kg IM. A mg/kg dose above the label maximum for its route, or below
 * 0.05 mg/kg (units confused?), is a warning: not silence, and not a refusal. Esketamine's 28/56/84 mg rule is
 * the esketamine profile's invariant kap-esk-1.
 */
final class DoseRules {

    record Finding(IssueSeverity severity, String location, String message) {
    }

    /** Anaesthetic label ceilings in mg/kg, by route (SNOMED CT and HL7 table 0162 codes). */
    private static final Map<String, BigDecimal> LABEL_CEILING_MG_PER_KG = Map.of(
            Snomed.INTRAVENOUS_ROUTE, new BigDecimal("4.5"), "IV", new BigDecimal("4.5"),
            Snomed.INTRAMUSCULAR_ROUTE, new BigDecimal("13"), "IM", new BigDecimal("13"));
    private static final BigDecimal IMPLAUSIBLY_LOW = new BigDecimal("0.05");

    private DoseRules() {
    }

    static List<Finding> check(MedicationAdministration administration) {
        List<Finding> findings = new ArrayList<>();
        if (!(administration.getMedication() instanceof CodeableConcept medication) || !administration.hasDosage()) {
            return findings;
        }
        MedicationAdministrationDosageComponent dosage = administration.getDosage();
        if (KapProfiles.isEsketamine(medication)) {
            return findings; // 28/56/84 mg is the esketamine profile's invariant kap-esk-1
        }
        Quantity perKg = perBodyWeight(dosage);
        if (perKg == null || !perKg.hasValue()) {
            return findings;
        }
        BigDecimal value = perKg.getValue();
        String route = dosage.getRoute().getCoding().stream().map(c -> c.getCode()).filter(LABEL_CEILING_MG_PER_KG::containsKey)
                .findFirst().orElse(null);
        String location = "MedicationAdministration.dosage";
        if (value.compareTo(IMPLAUSIBLY_LOW) < 0) {
            findings.add(new Finding(IssueSeverity.WARNING, location, "Ketamine dose " + value
                    + " mg/kg is implausibly low for KAP (research dosing is 0.5 mg/kg): check the units"));
        } else if (route != null && value.compareTo(LABEL_CEILING_MG_PER_KG.get(route)) > 0) {
            findings.add(new Finding(IssueSeverity.WARNING, location, "Ketamine dose " + value
                    + " mg/kg exceeds the anaesthetic label maximum for this route (" + LABEL_CEILING_MG_PER_KG.get(route) + " mg/kg)"));
        }
        return findings;
    }

    /** The dose in mg/kg: the dose itself when given in mg/kg, else the KAP dose-per-body-weight extension. */
    private static Quantity perBodyWeight(MedicationAdministrationDosageComponent dosage) {
        if (dosage.hasDose() && Ucum.MILLIGRAM_PER_KILOGRAM.equals(dosage.getDose().getCode())) {
            return dosage.getDose();
        }
        var extension = dosage.getExtensionByUrl(KapCanonicals.DOSE_PER_BODY_WEIGHT);
        return extension != null && extension.getValue() instanceof Quantity q && Ucum.MILLIGRAM_PER_KILOGRAM.equals(q.getCode()) ? q : null;
    }
}
