package org.kaphub.hl7v2.building.datatype;

import ca.uhn.hl7v2.model.DataTypeException;
import ca.uhn.hl7v2.model.v28.datatype.CWE;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Quantity;
import org.kaphub.hl7v2.building.BuildException;
import org.kaphub.vocabulary.CodeSystems;
import org.kaphub.vocabulary.Snomed;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * Route → RXR-1 (HL7 table 0162) and quantities → NM + unit CWE, the inverse of
 * {@link org.kaphub.hl7v2.mapping.datatype.RouteAndUnits}. The route goes as its table 0162 code (the v2-0162 coding,
 * else the SNOMED CT route translated back); a unit as its UCUM code in CWE-1 with the unit text in CWE-2. The inbound
 * side sets Quantity.unit to the UCUM code, so a unit text other than the code does not come back.
 */
public final class RouteAndUnitsToCwe {

    /**
     * SNOMED CT route → table 0162, the inverse of the inbound table {@code route-snomed}. Nasal goes as NS, the
     * code every version has (IN exists only from v2.5).
     */
    private static final Map<String, String> ROUTE_0162 = Map.of(
            Snomed.INTRAVENOUS_ROUTE, "IV",
            Snomed.INTRAMUSCULAR_ROUTE, "IM",
            "37839007", "SL",
            "26643006", "PO",
            Snomed.NASAL_ROUTE, "NS");

    private RouteAndUnitsToCwe() {
    }

    /** @throws BuildException when the route has neither a table 0162 code nor a SNOMED CT route KAP Hub knows */
    public static void route(CWE cwe, CodeableConcept route) throws DataTypeException, BuildException {
        Optional<Coding> v2 = route.getCoding().stream()
                .filter(c -> CodeSystems.V2_0162.equals(c.getSystem()) && c.hasCode()).findFirst();
        String code = v2.map(Coding::getCode).or(() -> route.getCoding().stream()
                        .filter(c -> CodeSystems.SNOMED_CT.equals(c.getSystem()))
                        .map(c -> ROUTE_0162.get(c.getCode())).filter(java.util.Objects::nonNull).findFirst())
                .orElseThrow(() -> new BuildException("the route has no HL7 table 0162 code (RXR-1)"));
        cwe.getIdentifier().setValue(code);
        String text = route.hasText() ? route.getText() : v2.filter(Coding::hasDisplay).map(Coding::getDisplay).orElse(null);
        cwe.getText().setValue(text);
        cwe.getNameOfCodingSystem().setValue("HL70162");
    }

    /** A unit CWE: the UCUM code (else the unit text) in CWE-1, the unit text in CWE-2, UCUM in CWE-3. */
    public static void units(CWE cwe, Quantity quantity) throws DataTypeException {
        boolean ucum = CodeSystems.UCUM.equals(quantity.getSystem()) && quantity.hasCode();
        String code = ucum ? quantity.getCode() : quantity.getUnit();
        if (code == null) {
            return;
        }
        cwe.getIdentifier().setValue(code);
        cwe.getText().setValue(quantity.hasUnit() ? quantity.getUnit() : null);
        if (ucum) {
            cwe.getNameOfCodingSystem().setValue("UCUM");
        }
    }

    /** An NM as the decimal was written (no exponent, its scale kept): 0.875, 35, 35.0. */
    public static String number(BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }

    static Map<String, String> route0162() {
        return ROUTE_0162;
    }
}
