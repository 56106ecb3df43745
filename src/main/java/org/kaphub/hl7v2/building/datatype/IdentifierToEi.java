package org.kaphub.hl7v2.building.datatype;

import ca.uhn.hl7v2.model.DataTypeException;
import ca.uhn.hl7v2.model.v28.datatype.EI;
import org.hl7.fhir.r4.model.Identifier;
import org.kaphub.hl7v2.building.Receiver;

/**
 * Identifier → EI (order numbers), the inverse of {@link org.kaphub.hl7v2.mapping.datatype.EiToIdentifier}: EI-1 the
 * value, EI-2..4 the authority as {@link IdentifierToCx#authority} says it for a CX (the receiver's namespace id for
 * the system; an OID, UUID or URI system as universal id). Minimal: written for RAS/RDE; helper "adt-siu" owns EI.
 */
public final class IdentifierToEi {

    private IdentifierToEi() {
    }

    /** Leaves the EI empty for an identifier without value; a system-less value goes without authority. */
    public static void fill(EI ei, Identifier identifier, Receiver receiver) throws DataTypeException {
        if (!identifier.hasValue()) {
            return;
        }
        ei.getEntityIdentifier().setValue(identifier.getValue());
        if (!identifier.hasSystem()) {
            return;
        }
        String system = identifier.getSystem();
        receiver.namespaceOf(system).ifPresent(namespace -> set(ei, namespace));
        if (system.startsWith("urn:oid:")) {
            ei.getUniversalID().setValue(system.substring("urn:oid:".length()));
            ei.getUniversalIDType().setValue("ISO");
        } else if (system.startsWith("urn:uuid:")) {
            ei.getUniversalID().setValue(system.substring("urn:uuid:".length()));
            ei.getUniversalIDType().setValue("UUID");
        } else if (receiver.namespaceOf(system).isEmpty()) {
            ei.getUniversalID().setValue(system);
            ei.getUniversalIDType().setValue("URI");
        }
    }

    private static void set(EI ei, String namespace) {
        try {
            ei.getNamespaceID().setValue(namespace);
        } catch (DataTypeException e) {
            throw new IllegalStateException(e); // an IS primitive takes any text
        }
    }
}
