package org.kaphub.hl7v2.building.segment;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.v28.segment.PID;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.kaphub.hl7v2.building.BuildException;
import org.kaphub.hl7v2.building.Receiver;
import org.kaphub.hl7v2.building.datatype.FhirToDtm;
import org.kaphub.hl7v2.building.datatype.HumanNameToXpn;
import org.kaphub.hl7v2.building.datatype.IdentifierToCx;

import java.util.List;
import java.util.Map;

/**
 * Patient → PID (the inverse of {@link org.kaphub.hl7v2.mapping.segment.PidToPatient}) for every message that carries
 * a patient: PID-3 every identifier the receiver can match on, PID-5 names, PID-7 birth date, PID-8 sex, PID-29/30
 * death.
 */
public final class PatientToPid {

    /** FHIR administrative gender → HL7 table 0001. */
    private static final Map<AdministrativeGender, String> SEX = Map.of(AdministrativeGender.MALE, "M",
            AdministrativeGender.FEMALE, "F", AdministrativeGender.OTHER, "O", AdministrativeGender.UNKNOWN, "U");

    private PatientToPid() {
    }

    /** @throws BuildException when the patient has no identifier with system and value (PID-3 is required) */
    public static void fill(PID pid, Patient patient, Receiver receiver) throws HL7Exception, BuildException {
        pid.getSetIDPID().setValue("1");
        List<Identifier> identifiers = patient.getIdentifier().stream()
                .filter(identifier -> identifier.hasSystem() && identifier.hasValue()).toList();
        if (identifiers.isEmpty()) {
            throw new BuildException("the Patient has no identifier with system and value: PID-3 would be empty");
        }
        for (int i = 0; i < identifiers.size(); i++) {
            IdentifierToCx.fill(pid.getPid3_PatientIdentifierList(i), identifiers.get(i), receiver);
        }
        List<HumanName> names = patient.getName();
        for (int i = 0; i < names.size(); i++) {
            HumanNameToXpn.fill(pid.getPid5_PatientName(i), names.get(i));
        }
        String birthDate = FhirToDtm.dtm(patient.getBirthDateElement());
        if (birthDate != null) {
            pid.getPid7_DateTimeOfBirth().setValue(birthDate);
        }
        if (patient.hasGender() && SEX.containsKey(patient.getGender())) {
            pid.getPid8_AdministrativeSex().getIdentifier().setValue(SEX.get(patient.getGender()));
        }
        if (patient.hasDeceasedDateTimeType()) {
            pid.getPid29_PatientDeathDateAndTime().setValue(FhirToDtm.dtm(patient.getDeceasedDateTimeType()));
            pid.getPid30_PatientDeathIndicator().setValue("Y");
        } else if (patient.hasDeceasedBooleanType()) {
            pid.getPid30_PatientDeathIndicator().setValue(patient.getDeceasedBooleanType().booleanValue() ? "Y" : "N");
        }
    }
}
