package org.kaphub.hl7v2.building.datatype;

import ca.uhn.hl7v2.model.DataTypeException;
import ca.uhn.hl7v2.model.v28.datatype.XCN;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.kaphub.hl7v2.building.BuildException;
import org.kaphub.hl7v2.building.Receiver;
import org.kaphub.vocabulary.CodeSystems;

import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A reference to a Practitioner → XCN (the inverse of {@link org.kaphub.hl7v2.mapping.datatype.XcnToReference}): the
 * reference's identifier, else the first of the Practitioner it points at, → XCN-1 with its system in XCN-9 (namespace
 * from the receiver's table, universal id always) and its v2-0203 type in XCN-13; the reference's display, else the
 * Practitioner's name, → XCN-3 given (all but the last word) and XCN-2 family (the last word), which the inbound side
 * joins back into the same display. What it cannot carry: the identifier's type (XCN-13 only scopes a system-less
 * number there), name parts beyond that one display, and the literal reference itself (the inbound side makes a
 * logical reference by identifier, as KAP Hub keeps no Practitioner directory fed by v2).
 */
public final class PractitionerToXcn {

    private PractitionerToXcn() {
    }

    /**
     * @param references reads the Practitioner a literal reference points at
     * @throws BuildException when neither an identifier nor a name can be found for the person
     */
    public static void fill(XCN xcn, Reference actor, Function<String, Optional<Resource>> references, Receiver receiver)
            throws DataTypeException, BuildException {
        Optional<Practitioner> practitioner = actor.hasReference()
                ? references.apply(actor.getReference()).filter(Practitioner.class::isInstance).map(Practitioner.class::cast)
                : Optional.empty();
        Identifier identifier = actor.hasIdentifier() && actor.getIdentifier().hasValue() && actor.getIdentifier().hasSystem()
                ? actor.getIdentifier()
                : practitioner.flatMap(p -> p.getIdentifier().stream().filter(i -> i.hasSystem() && i.hasValue()).findFirst())
                .orElse(null);
        String display = actor.hasDisplay() ? actor.getDisplay()
                : practitioner.filter(Practitioner::hasName).map(p -> display(p.getNameFirstRep())).orElse(null);
        if (identifier == null && (display == null || display.isBlank())) {
            throw new BuildException("a Practitioner participant has neither an identifier nor a name to send as an XCN");
        }
        if (identifier != null) {
            xcn.getPersonIdentifier().setValue(identifier.getValue());
            receiver.namespaceOf(identifier.getSystem()).ifPresent(namespace -> set(xcn.getAssigningAuthority().getNamespaceID(), namespace));
            UniversalId universal = UniversalId.of(identifier.getSystem());
            xcn.getAssigningAuthority().getUniversalID().setValue(universal.id());
            xcn.getAssigningAuthority().getUniversalIDType().setValue(universal.type());
            Optional<Coding> type = identifier.getType().getCoding().stream()
                    .filter(coding -> CodeSystems.V2_0203.equals(coding.getSystem()) && coding.hasCode()).findFirst();
            if (type.isPresent()) {
                xcn.getIdentifierTypeCode().setValue(type.get().getCode());
            }
        }
        if (display != null && !display.isBlank()) {
            int lastSpace = display.lastIndexOf(' ');
            xcn.getFamilyName().getSurname().setValue(display.substring(lastSpace + 1));
            if (lastSpace > 0) {
                xcn.getGivenName().setValue(display.substring(0, lastSpace));
            }
        }
    }

    /** "Dana M. Okafor": the given names, then the family name. */
    private static String display(HumanName name) {
        return Stream.concat(name.getGiven().stream().map(StringType::getValue), Stream.of(name.getFamily()))
                .filter(part -> part != null && !part.isBlank()).collect(Collectors.joining(" "));
    }

    private static void set(ca.uhn.hl7v2.model.Primitive primitive, String value) {
        try {
            primitive.setValue(value);
        } catch (DataTypeException e) {
            throw new IllegalStateException(e); // an IS primitive takes any text
        }
    }
}
