package org.kaphub.hl7v2.mapping.datatype;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.v28.datatype.CX;
import org.hl7.fhir.r4.model.Identifier;
import ca.uhn.hl7v2.Location;
import org.kaphub.hl7v2.mapping.Locations;
import org.kaphub.hl7v2.mapping.IdentifierSystems;
import org.kaphub.hl7v2.mapping.MappingException;
import org.kaphub.hl7v2.mapping.V2Values;
import org.kaphub.vocabulary.CodeSystems;

/** CX → Identifier (v2-to-FHIR datatype map CX[Identifier]: CX-1 value, CX-4 system, CX-5 type). */
public final class CxToIdentifier {

    /** FHIR's copy of HL7 table 0203 (identifier type): MR, PI, SS, PN, … keep their v2 codes. */

    private CxToIdentifier() {
    }

    /**
     * @param at the field repetition holding the CX, e.g. PID-3(2); components are added for errors
     */
    public static Identifier map(CX cx, IdentifierSystems systems, Location at) throws MappingException {
        String value = V2Values.value(cx.getIDNumber());
        if (value == null) {
            throw new MappingException(ErrorCode.REQUIRED_FIELD_MISSING, Locations.component(at, 1),
                    "Identifier value missing at " + Locations.name(Locations.component(at, 1)));
        }
        Identifier identifier = new Identifier()
                .setSystem(systems.systemFor(cx.getAssigningAuthority(), Locations.component(at, 4)))
                .setValue(value);
        String type = V2Values.value(cx.getIdentifierTypeCode());
        if (type != null) {
            identifier.getType().addCoding().setSystem(CodeSystems.V2_0203).setCode(type);
        }
        return identifier;
    }

    /** A repetition with no component valued at all is noise (e.g. a trailing {@code ~}), not an identifier. */
    public static boolean isEmpty(CX cx) {
        try {
            return cx.isEmpty();
        } catch (HL7Exception e) {
            return false;
        }
    }
}
