package org.kaphub.hl7v2.building.segment;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.v28.group.SIU_S12_RESOURCES;
import ca.uhn.hl7v2.model.v28.message.SIU_S12;
import ca.uhn.hl7v2.model.v28.segment.AIS;
import ca.uhn.hl7v2.model.v28.segment.SCH;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.kaphub.hl7v2.building.BuildException;
import org.kaphub.hl7v2.building.Outbound;
import org.kaphub.hl7v2.building.Withdrawn;
import org.kaphub.hl7v2.building.datatype.CodeableConceptToCwe;
import org.kaphub.hl7v2.building.datatype.FhirToDtm;
import org.kaphub.hl7v2.building.datatype.IdentifierToEi;
import org.kaphub.hl7v2.building.datatype.PractitionerToXcn;
import org.kaphub.vocabulary.KapCanonicals;

import java.util.List;

/**
 * Appointment → SCH, TQ1, RGS/AIS/AIP of an SIU (the inverse of {@link org.kaphub.hl7v2.mapping.segment.SchToAppointment}):
 * <table>
 * <tr><th>FHIR</th><th>v2</th></tr>
 * <tr><td>identifier (first with system and value; else the id on KAP Hub under {@link KapCanonicals#RESOURCE_SID},
 * as the FHIR push keys it)</td><td>SCH-2 filler appointment id (KAP Hub's clinic keeps the schedule)</td></tr>
 * <tr><td>start / end</td><td>TQ1-7 / TQ1-8 from v2.5; SCH-11.4 / SCH-11.5 (TQ) before, where TQ1 does not exist;
 * AIS-4 the start as well</td></tr>
 * <tr><td>minutesDuration</td><td>SCH-9 + SCH-10 "min"</td></tr>
 * <tr><td>reasonCode (the first)</td><td>SCH-7</td></tr>
 * <tr><td>appointmentType</td><td>SCH-8</td></tr>
 * <tr><td>status (booked, cancelled)</td><td>SCH-25 filler status (Booked, Cancelled; for receivers, the inbound side
 * reads the event)</td></tr>
 * <tr><td>serviceType</td><td>AIS-3, one AIS each</td></tr>
 * <tr><td>participant: Practitioner</td><td>AIP-3, one AIP each</td></tr>
 * </table>
 * Not carried by the inbound side, so not sent: further reason codes, participant status and type, participants
 * other than the patient (PID) and practitioners (locations, services, devices: AIL/AIG are not mapped in), comment,
 * description, slot, priority. A duration without an end comes back with the end it implies.
 */
public final class AppointmentToSch {

    private static final String MINUTES = "min";

    private AppointmentToSch() {
    }

    public static void fill(SIU_S12 siu, Appointment appointment, Outbound outbound) throws HL7Exception, BuildException {
        String version = outbound.receiver().version();
        SCH sch = siu.getSCH();
        IdentifierToEi.fill(sch.getSch2_FillerAppointmentID(), key(appointment), outbound.receiver());
        if (appointment.hasReasonCode()) {
            CodeableConceptToCwe.fill(sch.getSch7_AppointmentReason(), appointment.getReasonCodeFirstRep());
        }
        if (appointment.hasAppointmentType()) {
            CodeableConceptToCwe.fill(sch.getSch8_AppointmentType(), appointment.getAppointmentType());
        }
        if (appointment.hasMinutesDuration()) {
            sch.getSch9_AppointmentDuration().setValue(String.valueOf(appointment.getMinutesDuration()));
            sch.getSch10_AppointmentDurationUnits().getIdentifier().setValue(MINUTES);
        }
        String start = FhirToDtm.dtm(appointment.getStartElement());
        String end = FhirToDtm.dtm(appointment.getEndElement());
        if (start != null && beforeV25(version)) {
            Withdrawn.setComponents(sch.getSch11_AppointmentTimingQuantity(), null, null, null, start, end);
        } else if (start != null) {
            siu.getTQ1().getTq11_SetIDTQ1().setValue("1");
            siu.getTQ1().getTq17_StartDateTime().setValue(start);
            if (end != null) {
                siu.getTQ1().getTq18_EndDateTime().setValue(end);
            }
        }
        sch.getSch25_FillerStatusCode().getIdentifier().setValue(
                appointment.getStatus() == Appointment.AppointmentStatus.CANCELLED ? "Cancelled" : "Booked");

        List<CodeableConcept> services = appointment.getServiceType();
        List<Reference> practitioners = appointment.getParticipant().stream()
                .map(Appointment.AppointmentParticipantComponent::getActor).filter(AppointmentToSch::practitioner).toList();
        if (services.isEmpty() && practitioners.isEmpty()) {
            return;
        }
        SIU_S12_RESOURCES resources = siu.getRESOURCES();
        resources.getRGS().getRgs1_SetIDRGS().setValue("1");
        for (int i = 0; i < services.size(); i++) {
            AIS ais = resources.getSERVICE(i).getAIS();
            ais.getAis1_SetIDAIS().setValue(String.valueOf(i + 1));
            CodeableConceptToCwe.fill(ais.getAis3_UniversalServiceIdentifier(), services.get(i));
            if (start != null) {
                ais.getAis4_StartDateTime().setValue(start);
            }
        }
        for (int i = 0; i < practitioners.size(); i++) {
            var aip = resources.getPERSONNEL_RESOURCE(i).getAIP();
            aip.getAip1_SetIDAIP().setValue(String.valueOf(i + 1));
            PractitionerToXcn.fill(aip.getAip3_PersonnelResourceID(0), practitioners.get(i), outbound.references(),
                    outbound.receiver());
        }
    }

    /** The number the receiver keys the appointment by: the same in every message about it. */
    static Identifier key(Appointment appointment) {
        return appointment.getIdentifier().stream().filter(id -> id.hasSystem() && id.hasValue()).findFirst()
                .orElseGet(() -> new Identifier().setSystem(KapCanonicals.RESOURCE_SID)
                        .setValue(appointment.getIdElement().getIdPart()));
    }

    private static boolean practitioner(Reference actor) {
        return "Practitioner".equals(actor.getType())
                || (actor.hasReference() && actor.getReference().startsWith("Practitioner/"));
    }

    private static boolean beforeV25(String version) {
        return version.startsWith("2.3") || version.startsWith("2.4");
    }
}
