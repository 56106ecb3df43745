package org.kaphub.hl7v2.mapping.segment;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Type;
import ca.uhn.hl7v2.model.v28.datatype.CX;
import ca.uhn.hl7v2.model.v28.datatype.XAD;
import ca.uhn.hl7v2.model.v28.datatype.XPN;
import ca.uhn.hl7v2.model.v28.datatype.XTN;
import ca.uhn.hl7v2.model.v28.segment.PID;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.ContactPoint.ContactPointUse;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import ca.uhn.hl7v2.Location;
import org.kaphub.hl7v2.mapping.Locations;
import org.kaphub.hl7v2.mapping.IdentifierSystems;
import org.kaphub.hl7v2.mapping.MappingException;
import org.kaphub.hl7v2.mapping.V2Values;
import org.kaphub.hl7v2.mapping.datatype.CodeTables;
import org.kaphub.hl7v2.mapping.datatype.CxToIdentifier;
import org.kaphub.hl7v2.mapping.datatype.DtmToFhir;
import org.kaphub.hl7v2.mapping.datatype.XadToAddress;
import org.kaphub.hl7v2.mapping.datatype.XpnToHumanName;
import org.kaphub.hl7v2.mapping.datatype.XtnToContactPoint;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * PID → Patient (v2-to-FHIR segment map PID[Patient]), for every message that carries a PID. Only PID fields with
 * a direct Patient element are mapped; race, ethnicity, language and the like are left to later maps.
 */
public final class PidToPatient {

    private PidToPatient() {
    }

    /**
     * Problems are reported against PID sequence 1: an ADT message carries one PID. {@code senderZone}: the zone of
     * a death time sent without an offset.
     */
    public static Patient map(PID pid, IdentifierSystems systems, ZoneId senderZone) throws MappingException {
        Location at = Locations.segment("PID", 1);
        Patient patient = new Patient();
        identifiers(pid, systems).forEach(patient::addIdentifier);
        legacyIdentifiers(pid, 2, systems).forEach(patient::addIdentifier);
        legacyIdentifiers(pid, 4, systems).forEach(patient::addIdentifier);

        for (XPN xpn : pid.getPid5_PatientName()) {
            XpnToHumanName.map(xpn).ifPresent(patient::addName);
        }
        DateType birthDate = DtmToFhir.toDate(pid.getPid7_DateTimeOfBirth(), Locations.field(at, 7));
        if (birthDate != null) {
            patient.setBirthDateElement(birthDate);
        }
        String sex = V2Values.value(pid.getPid8_AdministrativeSex().getIdentifier());
        if (sex != null) {
            patient.setGender(CodeTables.gender(sex).orElseThrow(() -> new MappingException(
                    ErrorCode.TABLE_VALUE_NOT_FOUND, Locations.field(at, 8), "PID-8 administrative sex is not a code of HL7 table 0001")));
        }
        for (XAD xad : pid.getPid11_PatientAddress()) {
            XadToAddress.map(xad).ifPresent(patient::addAddress);
        }
        for (XTN xtn : pid.getPid13_PhoneNumberHome()) {
            XtnToContactPoint.map(xtn, ContactPointUse.HOME).ifPresent(patient::addTelecom);
        }
        for (XTN xtn : pid.getPid14_PhoneNumberBusiness()) {
            XtnToContactPoint.map(xtn, ContactPointUse.WORK).ifPresent(patient::addTelecom);
        }
        org.hl7.fhir.r4.model.Type deceased = deceased(pid, at, senderZone);
        if (deceased != null) {
            patient.setDeceased(deceased);
        }
        return patient;
    }

    /**
     * PID-3, in order; the message layer picks its match key from these.
     *
     * @throws MappingException 101 when PID-3 has no identifier, or a repetition lacks its value or authority
     */
    public static List<Identifier> identifiers(PID pid, IdentifierSystems systems) throws MappingException {
        Location field = Locations.field("PID", 1, 3);
        List<Identifier> identifiers = new ArrayList<>();
        CX[] repetitions = pid.getPid3_PatientIdentifierList();
        for (int i = 0; i < repetitions.length; i++) {
            if (!CxToIdentifier.isEmpty(repetitions[i])) {
                identifiers.add(CxToIdentifier.map(repetitions[i], systems, Locations.repetition(field, i + 1)));
            }
        }
        if (identifiers.isEmpty()) {
            throw new MappingException(ErrorCode.REQUIRED_FIELD_MISSING, field, "PID-3 patient identifier list is empty");
        }
        return identifiers;
    }

    /**
     * PID-2 (external id) and PID-4 (alternate id, repeating) were CX fields up to v2.4 and are withdrawn in v2.8,
     * so the v2.8 model holds them as untyped primitives. Re-reading each repetition's text as a CX recovers the
     * components.
     */
    private static List<Identifier> legacyIdentifiers(PID pid, int position, IdentifierSystems systems)
            throws MappingException {
        Location field = Locations.field("PID", 1, position);
        CX[] cxs;
        try {
            Type[] repetitions = pid.getField(position);
            cxs = new CX[repetitions.length];
            for (int i = 0; i < repetitions.length; i++) {
                if (!repetitions[i].isEmpty()) {
                    cxs[i] = new CX(pid.getMessage());
                    cxs[i].parse(repetitions[i].encode());
                }
            }
        } catch (HL7Exception e) {
            throw new MappingException(ErrorCode.DATA_TYPE_ERROR, field, "PID-" + position + " cannot be read as an identifier (CX)");
        }
        // mapped outside the try: a MappingException is an HL7Exception too, and keeps its own code and location
        List<Identifier> identifiers = new ArrayList<>();
        for (int i = 0; i < cxs.length; i++) {
            if (cxs[i] != null && !CxToIdentifier.isEmpty(cxs[i])) {
                identifiers.add(CxToIdentifier.map(cxs[i], systems, Locations.repetition(field, i + 1)));
            }
        }
        return identifiers;
    }

    /** PID-29 death date/time wins over PID-30 death indicator, as in the v2-to-FHIR PID map. */
    private static org.hl7.fhir.r4.model.Type deceased(PID pid, Location at, ZoneId senderZone) throws MappingException {
        DateTimeType deathTime = DtmToFhir.toDateTime(pid.getPid29_PatientDeathDateAndTime(), Locations.field(at, 29), senderZone);
        if (deathTime != null) {
            return deathTime;
        }
        String indicator = V2Values.value(pid.getPid30_PatientDeathIndicator());
        if ("Y".equals(indicator)) {
            return new BooleanType(true);
        }
        if ("N".equals(indicator)) {
            return new BooleanType(false);
        }
        return null;
    }
}
