package org.kaphub.hl7v2.building.datatype;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v28.datatype.CWE;
import ca.uhn.hl7v2.model.v28.datatype.DTM;
import ca.uhn.hl7v2.model.v28.datatype.NM;
import ca.uhn.hl7v2.model.v28.datatype.SN;
import ca.uhn.hl7v2.model.v28.datatype.ST;
import ca.uhn.hl7v2.model.v28.datatype.TX;
import ca.uhn.hl7v2.model.v28.segment.OBX;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.kaphub.hl7v2.building.BuildException;
import org.kaphub.vocabulary.CodeSystems;

import java.math.BigDecimal;

/**
 * An Observation's (or answer's) value → OBX-2 value type, OBX-5 value and OBX-6 units, as
 * {@code ObxToObservation} reads them back:
 * <table>
 * <tr><th>FHIR</th><th>OBX</th></tr>
 * <tr><td>Quantity</td><td>NM + OBX-6 (UCUM code^unit^UCUM, or the unit text alone)</td></tr>
 * <tr><td>Quantity with comparator</td><td>SN (comparator^number) + OBX-6</td></tr>
 * <tr><td>integer</td><td>NM without units (it comes back a Quantity: v2 has no integer type)</td></tr>
 * <tr><td>string</td><td>ST; several lines → TX, one repetition per line</td></tr>
 * <tr><td>CodeableConcept / Coding</td><td>CWE (CE before v2.4, which has no CWE)</td></tr>
 * <tr><td>dateTime</td><td>DTM (TS before v2.6, which has no DTM)</td></tr>
 * </table>
 * Other value types (boolean, Range, Ratio, Period, SampledData, time, Attachment) have no OBX type the inbound side
 * reads back: {@link BuildException}.
 */
public final class ValueToObx {

    private ValueToObx() {
    }

    /** @param version the receiver's HL7 version (MSH-12) */
    public static void fill(OBX obx, Type value, String version) throws HL7Exception, BuildException {
        Message message = obx.getMessage();
        if (value instanceof Quantity quantity) {
            boolean comparator = quantity.hasComparator() && quantity.getComparator() != Quantity.QuantityComparator.NULL;
            obx.getValueType().setValue(comparator ? "SN" : "NM");
            if (comparator) {
                SN sn = new SN(message);
                sn.getComparator().setValue(quantity.getComparator().toCode());
                sn.getNum1().setValue(number(quantity));
                obx.getObservationValue(0).setData(sn);
            } else {
                NM nm = new NM(message);
                nm.setValue(number(quantity));
                obx.getObservationValue(0).setData(nm);
            }
            units(obx.getUnits(), quantity);
        } else if (value instanceof IntegerType integer && integer.getValue() != null) {
            obx.getValueType().setValue("NM");
            NM nm = new NM(message);
            nm.setValue(integer.getValueAsString());
            obx.getObservationValue(0).setData(nm);
        } else if (value instanceof StringType string && string.hasValue()) {
            text(obx, string.getValue());
        } else if (value instanceof CodeableConcept concept) {
            coded(obx, concept, version);
        } else if (value instanceof Coding coding) {
            coded(obx, new CodeableConcept(coding), version);
        } else if (value instanceof DateTimeType dateTime && dateTime.hasValue()) {
            obx.getValueType().setValue(before(version, 2, 6) ? "TS" : "DTM");
            DTM dtm = new DTM(message);
            dtm.setValue(FhirToDtm.dtm(dateTime));
            obx.getObservationValue(0).setData(dtm);
        } else {
            throw new BuildException("an OBX value of type " + value.fhirType()
                    + " has no HL7 v2 value type KAP Hub reads back");
        }
    }

    /** ST for one line; TX with one repetition per line for several (the inbound side joins them with line ends). */
    private static void text(OBX obx, String text) throws HL7Exception {
        String[] lines = text.split("\r?\n", -1);
        obx.getValueType().setValue(lines.length > 1 ? "TX" : "ST");
        for (int i = 0; i < lines.length; i++) {
            if (lines.length > 1) {
                TX tx = new TX(obx.getMessage());
                tx.setValue(lines[i]);
                obx.getObservationValue(i).setData(tx);
            } else {
                ST st = new ST(obx.getMessage());
                st.setValue(lines[i]);
                obx.getObservationValue(i).setData(st);
            }
        }
    }

    /** OBX-6: the UCUM code (with the human unit as text) where the quantity is UCUM, else the unit text alone. */
    public static void units(CWE units, Quantity quantity) throws HL7Exception {
        if (CodeSystems.UCUM.equals(quantity.getSystem()) && quantity.hasCode()) {
            units.getIdentifier().setValue(quantity.getCode());
            if (quantity.hasUnit() && !quantity.getUnit().equals(quantity.getCode())) {
                units.getText().setValue(quantity.getUnit());
            }
            units.getNameOfCodingSystem().setValue("UCUM");
        } else if (quantity.hasUnit()) {
            units.getIdentifier().setValue(quantity.getUnit());
        }
    }

    /** Whether {@code version} (2.3 … 2.8) is older than major.minor. */
    public static boolean before(String version, int major, int minor) {
        String[] parts = version.split("\\.");
        int v = Integer.parseInt(parts[0]) * 100 + Integer.parseInt(parts[1]);
        return v < major * 100 + minor;
    }

    private static void coded(OBX obx, CodeableConcept concept, String version) throws HL7Exception {
        obx.getValueType().setValue(before(version, 2, 4) ? "CE" : "CWE");
        CWE cwe = new CWE(obx.getMessage());
        CodeableConceptToCwe.fill(cwe, concept);
        obx.getObservationValue(0).setData(cwe);
    }

    private static String number(Quantity quantity) throws BuildException {
        BigDecimal value = quantity.getValue();
        if (value == null) {
            throw new BuildException("a Quantity without a value cannot be an OBX value");
        }
        return value.toPlainString();
    }
}
