package org.kaphub.hl7v2.building.datatype;

import ca.uhn.hl7v2.model.DataTypeException;
import ca.uhn.hl7v2.model.v28.datatype.XTN;
import ca.uhn.hl7v2.validation.ValidationContext;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem;
import org.hl7.fhir.r4.model.ContactPoint.ContactPointUse;

import java.util.Map;
import java.util.Optional;

/**
 * ContactPoint → XTN (the inverse of {@link org.kaphub.hl7v2.mapping.datatype.XtnToContactPoint}): use → XTN-2 (table
 * 0201), system → XTN-3 (table 0202), an e-mail address → XTN-4, a number → XTN-12 (unformatted number), except for
 * v2.3–2.4 receivers when it has the US form their XTN-1 (TN) requires: XTN-12 came with v2.5, so an older receiver
 * that reads only its own components misses a number in another form (+44 …); the strict parse accepts it as an
 * extra component.
 * <p>
 * What the inbound side cannot carry: url, sms and other systems (no 0202 code reads back as them; not sent); a phone or
 * fax without a use comes back with the use its field implies (PID-13 home), as no 0201 code means "no use" for them
 * (an e-mail address or pager without a use says NET / BPN); rank and
 * period are not sent. Which field a contact point goes in is the segment's choice ({@link #field}).
 */
public final class ContactPointToXtn {

    /** The fields of PID that hold telecoms: PID-13 (home) and PID-14 (business). */
    public enum Field { HOME, BUSINESS }

    private static final Map<ContactPointUse, String> USE = Map.of(ContactPointUse.HOME, "PRN",
            ContactPointUse.WORK, "WPN", ContactPointUse.MOBILE, "PRS");
    private static final Map<ContactPointSystem, String> EQUIPMENT = Map.of(ContactPointSystem.PHONE, "PH",
            ContactPointSystem.FAX, "FX", ContactPointSystem.PAGER, "BP", ContactPointSystem.EMAIL, "Internet");

    /** Use codes that say the kind of address but no use, so the field's implied use does not apply. */
    private static final Map<ContactPointSystem, String> WITHOUT_USE = Map.of(ContactPointSystem.EMAIL, "NET",
            ContactPointSystem.PAGER, "BPN");

    private static final ValidationContext RULES = ValidationContextFactory.defaultValidation();

    private ContactPointToXtn() {
    }

    /** Whether the contact point can be said as an XTN (a value and a system 0202 has, or no system: a phone). */
    public static boolean sayable(ContactPoint contactPoint) {
        return contactPoint.hasValue() && (!contactPoint.hasSystem() || EQUIPMENT.containsKey(contactPoint.getSystem()));
    }

    /** PID-14 for work numbers, PID-13 for every other. */
    public static Field field(ContactPoint contactPoint) {
        return contactPoint.getUse() == ContactPointUse.WORK ? Field.BUSINESS : Field.HOME;
    }

    /** @param version the receiver's MSH-12, for where the number goes */
    public static void fill(XTN xtn, ContactPoint contactPoint, String version) throws DataTypeException {
        ContactPointSystem system = contactPoint.hasSystem() ? contactPoint.getSystem() : ContactPointSystem.PHONE;
        Optional.ofNullable(contactPoint.hasUse() ? USE.get(contactPoint.getUse()) : WITHOUT_USE.get(system))
                .ifPresent(use -> setQuietly(xtn.getTelecommunicationUseCode(), use));
        // a mobile phone is "CP" (the inbound side reads its use from the equipment as well)
        String equipment = system == ContactPointSystem.PHONE && contactPoint.getUse() == ContactPointUse.MOBILE
                ? "CP" : EQUIPMENT.get(system);
        if (contactPoint.hasSystem()) {
            xtn.getTelecommunicationEquipmentType().setValue(equipment);
        }
        if (system == ContactPointSystem.EMAIL) {
            xtn.getCommunicationAddress().setValue(contactPoint.getValue());
        } else if (beforeV25(version) && telephoneNumberShaped(contactPoint.getValue(), version, xtn)) {
            xtn.getTelephoneNumber().setValue(contactPoint.getValue());
        } else {
            xtn.getUnformattedTelephoneNumber().setValue(contactPoint.getValue());
        }
    }

    /** Whether the number has the TN form v2.3–2.4 require of XTN-1 (HAPI's own rule for it). */
    private static boolean telephoneNumberShaped(String number, String version, XTN xtn) {
        return RULES.getPrimitiveRules(version, "TN", xtn.getTelephoneNumber()).stream()
                .allMatch(rule -> rule.apply(number).length == 0);
    }

    private static boolean beforeV25(String version) {
        return version.startsWith("2.3") || version.startsWith("2.4");
    }

    private static void setQuietly(ca.uhn.hl7v2.model.Primitive primitive, String value) {
        try {
            primitive.setValue(value);
        } catch (DataTypeException e) {
            throw new IllegalStateException(e); // an ID primitive takes any code
        }
    }
}
