package org.kaphub.hl7v2.mapping.datatype;

import ca.uhn.hl7v2.model.v28.datatype.XTN;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem;
import org.hl7.fhir.r4.model.ContactPoint.ContactPointUse;
import org.kaphub.hl7v2.mapping.V2Values;

import java.util.Optional;

/**
 * XTN → ContactPoint (v2-to-FHIR datatype map XTN). The number comes, in order of preference, from XTN-12
 * (unformatted number), the structured XTN-5 country / XTN-6 area / XTN-7 local / XTN-8 extension (v2.5+ senders),
 * or XTN-1 (the free-text number of v2.3–2.4, withdrawn since 2.6 but still what most older feeds send).
 * E-mail addresses are in XTN-4.
 */
public final class XtnToContactPoint {

    private XtnToContactPoint() {
    }

    /**
     * @param defaultUse the use implied by the field when XTN-2 says nothing (PID-13 home, PID-14 work); may be null
     * @return empty when there is no number or address
     */
    public static Optional<ContactPoint> map(XTN xtn, ContactPointUse defaultUse) {
        String useCode = V2Values.value(xtn.getTelecommunicationUseCode());
        String equipment = V2Values.value(xtn.getTelecommunicationEquipmentType());
        ContactPointSystem system = equipment != null
                ? CodeTables.telecomSystem(equipment).orElse(null)
                : CodeTables.telecomSystemByUse(useCode).orElse(null);

        String value;
        if (system == ContactPointSystem.EMAIL) {
            value = firstValued(V2Values.value(xtn.getCommunicationAddress()), V2Values.value(xtn.getTelephoneNumber()));
        } else {
            value = firstValued(V2Values.value(xtn.getUnformattedTelephoneNumber()), structuredNumber(xtn),
                    V2Values.value(xtn.getTelephoneNumber()));
            if (value != null && system == null && equipment == null) {
                system = ContactPointSystem.PHONE; // PID-13/14 are phone fields unless the sender says otherwise
            }
        }
        if (value == null) {
            return Optional.empty();
        }
        ContactPoint contactPoint = new ContactPoint().setValue(value);
        if (system != null) {
            contactPoint.setSystem(system);
        }
        ContactPointUse use = CodeTables.telecomUseByEquipment(equipment)
                .or(() -> CodeTables.telecomUse(useCode))
                .orElse(useCode == null ? defaultUse : null);
        if (use != null) {
            contactPoint.setUse(use);
        }
        return Optional.of(contactPoint);
    }

    /** "+1 (555) 5550123 ext. 12" from the parts that are valued; null without a local number. */
    private static String structuredNumber(XTN xtn) {
        String local = V2Values.value(xtn.getLocalNumber());
        if (local == null) {
            return null;
        }
        StringBuilder number = new StringBuilder();
        String country = V2Values.value(xtn.getCountryCode());
        if (country != null) {
            number.append('+').append(country).append(' ');
        }
        String area = V2Values.value(xtn.getAreaCityCode());
        if (area != null) {
            number.append('(').append(area).append(") ");
        }
        number.append(local);
        String extension = V2Values.value(xtn.getExtension());
        if (extension != null) {
            number.append(" ext. ").append(extension);
        }
        return number.toString();
    }

    private static String firstValued(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }
}
