package org.kaphub.hl7v2.building.datatype;

import ca.uhn.hl7v2.model.DataTypeException;
import ca.uhn.hl7v2.model.v28.datatype.EI;
import org.hl7.fhir.r4.model.Identifier;
import org.kaphub.hl7v2.building.Receiver;

/**
 * Identifier → EI (appointment, order and document numbers; the inverse of
 * {@link org.kaphub.hl7v2.mapping.datatype.EiToIdentifier}): EI-1 the value, EI-2 the receiver's namespace id for the
 * system when its table names one, EI-3/4 the system as universal id (urn:oid → ISO, urn:uuid → UUID, else URI).
 * Unlike a patient's CX, the universal id always goes along: the inbound side resolves an EI's namespace id alone only
 * through server-wide configuration, not the sender's registry entry, so the system would not come back without it.
 */
public final class IdentifierToEi {

    private IdentifierToEi() {
    }

    /**
     * Leaves the EI empty for an identifier without value; a system-less value goes without authority (the inbound
     * side scopes it to the sending facility). Callers that key a record by it pass one with a system.
     */
    public static void fill(EI ei, Identifier identifier, Receiver receiver) throws DataTypeException {
        if (!identifier.hasValue()) {
            return;
        }
        ei.getEntityIdentifier().setValue(identifier.getValue());
        if (!identifier.hasSystem()) {
            return;
        }
        String namespace = receiver.namespaceOf(identifier.getSystem()).orElse(null);
        if (namespace != null) {
            ei.getNamespaceID().setValue(namespace);
        }
        UniversalId universal = UniversalId.of(identifier.getSystem());
        ei.getUniversalID().setValue(universal.id());
        ei.getUniversalIDType().setValue(universal.type());
    }
}
