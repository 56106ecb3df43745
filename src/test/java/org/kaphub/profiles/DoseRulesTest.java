package org.kaphub.profiles;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kaphub.vocabulary.CodeSystems;
import org.kaphub.vocabulary.KapCanonicals;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class DoseRulesTest {

    static MedicationAdministration administration(String rxnorm, String route, String value, String unit) {
        MedicationAdministration administration = new MedicationAdministration();
        administration.setMedication(new CodeableConcept(new Coding(CodeSystems.RXNORM, rxnorm, null)));
        administration.getDosage().getRoute().addCoding(new Coding("http://snomed.info/sct", route, null));
        administration.getDosage().setDose((Quantity) new Quantity().setValue(new BigDecimal(value))
                .setSystem("http://unitsofmeasure.org").setCode(unit));
        return administration;
    }

    @ParameterizedTest(name = "ketamine {2} {3} by route {1}: {4} warning(s)")
    @CsvSource({
            "6130, 47625008, 0.5, mg/kg, 0",     // research IV dose
            "6130, 47625008, 4.5, mg/kg, 0",     // at the IV label maximum (kap-mad-3 in the profile warns above 1)
            "6130, 47625008, 6, mg/kg, 1",       // above the IV label maximum
            "6130, 78421000, 13, mg/kg, 0",      // IM label maximum
            "6130, 78421000, 14, mg/kg, 1",      // above it
            "6130, 47625008, 0.01, mg/kg, 1",    // implausibly low: units?
            "6130, 47625008, 35, mg, 0"})        // absolute mg dose: no per-kg rule applies
    void ketamineDosesPerBodyWeight(String rxnorm, String route, String value, String unit, int warnings) {
        assertThat(DoseRules.check(administration(rxnorm, route, value, unit))).hasSize(warnings)
                .allMatch(f -> f.severity() == org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity.WARNING);
    }

    @Test
    void perBodyWeightExtensionIsCheckedToo() {
        MedicationAdministration administration = administration("6130", "47625008", "700", "mg");
        administration.getDosage().addExtension(KapCanonicals.DOSE_PER_BODY_WEIGHT,
                new Quantity().setValue(new BigDecimal("10")).setSystem("http://unitsofmeasure.org").setCode("mg/kg"));
        assertThat(DoseRules.check(administration)).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("exceeds the anaesthetic label maximum"));
    }

    @Test
    void esketamineIsLeftToItsProfile() {
        assertThat(DoseRules.check(administration("2201625", "46713006", "40", "mg"))).isEmpty();
    }
}
