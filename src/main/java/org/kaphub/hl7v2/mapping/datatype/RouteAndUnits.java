package org.kaphub.hl7v2.mapping.datatype;

import ca.uhn.hl7v2.model.Segment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Quantity;
import org.kaphub.hl7v2.mapping.V2Fields;
import org.kaphub.vocabulary.CodeSystems;
import org.kaphub.vocabulary.Snomed;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;

/**
 * RXR-1 route (table 0162) → CodeableConcept with the v2 code and its SNOMED CT equivalent (code table route-snomed),
 * and v2 units (CWE-1) → UCUM quantities (code table ucum).
 */
public final class RouteAndUnits {

    private RouteAndUnits() {
    }

    /** Empty when the route code is not valued. The SNOMED coding is added only for routes in the table. */
    public static Optional<CodeableConcept> route(Segment rxr, int field) {
        String code = V2Fields.get(rxr, field, 1);
        if (code == null) {
            return Optional.empty();
        }
        String v2 = code.toUpperCase(Locale.ROOT);
        CodeableConcept route = new CodeableConcept();
        CodeTables.code("route-snomed", v2).ifPresent(snomed -> route.addCoding()
                .setSystem(CodeSystems.SNOMED_CT).setCode(snomed).setDisplay(CodeTables.code("route-display", snomed).orElse(null)));
        route.addCoding().setSystem(CodeSystems.V2_0162).setCode(v2);
        // The sender's words are not necessarily table 0162's display: text, as for every coded field.
        route.setText(V2Fields.get(rxr, field, 2));
        return Optional.of(route);
    }

    public static boolean isKnownRoute(CodeableConcept route) {
        return route.getCoding().stream().anyMatch(c -> CodeSystems.SNOMED_CT.equals(c.getSystem()));
    }

    public static boolean isIntravenous(CodeableConcept route) {
        return route.getCoding().stream().anyMatch(c -> Snomed.INTRAVENOUS_ROUTE.equals(c.getCode()) || "IV".equals(c.getCode()));
    }

    public static boolean isNasal(CodeableConcept route) {
        return route.getCoding().stream().anyMatch(c -> Snomed.NASAL_ROUTE.equals(c.getCode()));
    }

    /** The UCUM code for a v2 unit, as sent or case-insensitively; empty when not in the table. */
    public static Optional<String> ucum(String v2Unit) {
        if (v2Unit == null) {
            return Optional.empty();
        }
        return CodeTables.code("ucum", v2Unit).or(() -> CodeTables.code("ucum", v2Unit.toLowerCase(Locale.ROOT)));
    }

    /** CWE-1 when CWE-3 names UCUM as its coding system: the sender's own UCUM code, also for units not in the table. */
    private static Optional<String> declaredUcum(Segment unitSegment, int unitField) {
        return "UCUM".equalsIgnoreCase(V2Fields.get(unitSegment, unitField, 3))
                ? Optional.ofNullable(V2Fields.get(unitSegment, unitField, 1)) : Optional.empty();
    }

    /**
     * A quantity from an NM value and a unit CWE (the unit's CWE-1, or CWE-2 when CWE-1 is empty). UCUM system and
     * code only when the unit maps (or OBX-6 says it is UCUM); otherwise the unit text alone, so nothing is claimed that was not sent.
     */
    public static Optional<Quantity> quantity(String value, Segment unitSegment, int unitField) {
        if (value == null) {
            return Optional.empty();
        }
        BigDecimal number;
        try {
            number = new BigDecimal(value);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        Quantity quantity = new Quantity().setValue(number);
        String unit = unitSegment == null ? null : V2Fields.get(unitSegment, unitField, 1);
        if (unit == null && unitSegment != null) {
            unit = V2Fields.get(unitSegment, unitField, 2);
        }
        if (unit != null) {
            String ucum = ucum(unit).or(() -> declaredUcum(unitSegment, unitField)).orElse(null);
            quantity.setUnit(unit);
            if (ucum != null) {
                quantity.setSystem(CodeSystems.UCUM).setCode(ucum).setUnit(ucum);
            }
        }
        return Optional.of(quantity);
    }
}
