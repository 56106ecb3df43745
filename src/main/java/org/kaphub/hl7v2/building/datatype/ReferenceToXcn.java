package org.kaphub.hl7v2.building.datatype;

import ca.uhn.hl7v2.model.DataTypeException;
import ca.uhn.hl7v2.model.v28.datatype.XCN;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.kaphub.hl7v2.building.Receiver;

import java.util.Optional;

/**
 * A reference to a person (ordering or administering provider) → XCN, the inverse of
 * {@link org.kaphub.hl7v2.mapping.datatype.XcnToReference}: XCN-1 the identifier (the reference's own, else the
 * Practitioner's first), XCN-9 its authority, XCN-2/3 the name (the Practitioner's, else the display split before its
 * last word, which the inbound side joins back as "given family"). Minimal: helper "adt-siu" owns XCN.
 */
public final class ReferenceToXcn {

    private ReferenceToXcn() {
    }

    /** @return false when nothing identifies or names the person (the XCN stays empty) */
    public static boolean fill(XCN xcn, Reference reference, Optional<Practitioner> practitioner, Receiver receiver)
            throws DataTypeException {
        Optional<Identifier> identifier = Optional.of(reference.getIdentifier()).filter(i -> i.hasValue() && i.hasSystem())
                .or(() -> practitioner.flatMap(p -> p.getIdentifier().stream().filter(i -> i.hasValue() && i.hasSystem()).findFirst()));
        if (identifier.isPresent()) {
            xcn.getPersonIdentifier().setValue(identifier.get().getValue());
            IdentifierToCx.authority(xcn.getAssigningAuthority(), identifier.get().getSystem(), receiver);
        }
        Optional<HumanName> name = practitioner.filter(Practitioner::hasName).map(p -> p.getNameFirstRep());
        if (name.isPresent()) {
            xcn.getFamilyName().getSurname().setValue(name.get().getFamily());
            xcn.getGivenName().setValue(name.get().hasGiven() ? name.get().getGiven().get(0).getValue() : null);
        } else if (reference.hasDisplay()) {
            String display = reference.getDisplay().trim();
            int lastSpace = display.lastIndexOf(' ');
            xcn.getFamilyName().getSurname().setValue(lastSpace < 0 ? display : display.substring(lastSpace + 1));
            if (lastSpace > 0) {
                xcn.getGivenName().setValue(display.substring(0, lastSpace));
            }
        }
        return identifier.isPresent() || name.isPresent() || reference.hasDisplay();
    }
}
