package org.kaphub.hl7v2.building.segment;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.v28.segment.PID;
import ca.uhn.hl7v2.model.v28.datatype.XTN;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.kaphub.hl7v2.building.BuildException;
import org.kaphub.hl7v2.building.Receiver;
import org.kaphub.hl7v2.building.datatype.AddressToXad;
import org.kaphub.hl7v2.building.datatype.ContactPointToXtn;
import org.kaphub.hl7v2.building.datatype.FhirToDtm;
import org.kaphub.hl7v2.building.datatype.HumanNameToXpn;
import org.kaphub.hl7v2.building.datatype.IdentifierToCx;

import java.util.List;
import java.util.Map;

/**
 * Patient → PID (the inverse of {@link org.kaphub.hl7v2.mapping.segment.PidToPatient}) for every message that carries
 * a patient: PID-3 every identifier the receiver can match on, PID-5 names, PID-7 birth date, PID-8 sex, PID-11
 * addresses, PID-13 home and PID-14 work telecoms (by use: see {@link ContactPointToXtn}), PID-29/30 death. Every
 * identifier goes in PID-3 (PID-2/4, which the inbound side also reads, are withdrawn). Not said, as the inbound side
 * maps nothing else of PID: marital status, language, contacts, links, general practitioner, photo, active.
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
        List<Address> addresses = patient.getAddress().stream().filter(address -> !address.isEmpty()).toList();
        for (int i = 0; i < addresses.size(); i++) {
            AddressToXad.fill(pid.getPid11_PatientAddress(i), addresses.get(i));
        }
        int home = 0;
        int business = 0;
        for (ContactPoint telecom : patient.getTelecom()) {
            if (!ContactPointToXtn.sayable(telecom)) {
                continue;
            }
            XTN xtn = ContactPointToXtn.field(telecom) == ContactPointToXtn.Field.BUSINESS
                    ? pid.getPid14_PhoneNumberBusiness(business++) : pid.getPid13_PhoneNumberHome(home++);
            ContactPointToXtn.fill(xtn, telecom, receiver.version());
        }
        if (patient.hasDeceasedDateTimeType()) {
            pid.getPid29_PatientDeathDateAndTime().setValue(FhirToDtm.dtm(patient.getDeceasedDateTimeType()));
            pid.getPid30_PatientDeathIndicator().setValue("Y");
        } else if (patient.hasDeceasedBooleanType()) {
            pid.getPid30_PatientDeathIndicator().setValue(patient.getDeceasedBooleanType().booleanValue() ? "Y" : "N");
        }
    }
}
