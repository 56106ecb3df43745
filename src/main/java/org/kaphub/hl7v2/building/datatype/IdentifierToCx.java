package org.kaphub.hl7v2.building.datatype;

import ca.uhn.hl7v2.model.DataTypeException;
import ca.uhn.hl7v2.model.v28.datatype.CX;
import ca.uhn.hl7v2.model.v28.datatype.HD;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.kaphub.hl7v2.building.BuildException;
import org.kaphub.hl7v2.building.Receiver;
import org.kaphub.vocabulary.CodeSystems;

import java.util.Optional;

/**
 * Identifier → CX (the inverse of {@link org.kaphub.hl7v2.mapping.datatype.CxToIdentifier}): CX-1 the value, CX-4 the
 * assigning authority the receiver knows the system by, CX-5 the v2 identifier type.
 */
public final class IdentifierToCx {

    private IdentifierToCx() {
    }

    public static void fill(CX cx, Identifier identifier, Receiver receiver) throws DataTypeException, BuildException {
        if (!identifier.hasValue() || !identifier.hasSystem()) {
            throw new BuildException("an identifier without system or value cannot be sent as a CX");
        }
        cx.getIDNumber().setValue(identifier.getValue());
        authority(cx.getAssigningAuthority(), identifier.getSystem(), receiver);
        Optional<Coding> type = identifier.getType().getCoding().stream()
                .filter(coding -> CodeSystems.V2_0203.equals(coding.getSystem()) && coding.hasCode()).findFirst();
        if (type.isPresent()) {
            cx.getIdentifierTypeCode().setValue(type.get().getCode());
        }
    }

    /**
     * HD for an identifier system: the receiver's namespace id for it when its table names one (with the universal
     * id too when the system is an OID or UUID, as the inbound side learns a namespace from that pair); else the
     * system itself as universal id (ISO for urn:oid, UUID for urn:uuid, URI otherwise).
     */
    public static void authority(HD hd, String system, Receiver receiver) throws DataTypeException {
        receiver.namespaceOf(system).ifPresent(namespace -> setQuietly(hd, namespace));
        if (system.startsWith("urn:oid:")) {
            hd.getUniversalID().setValue(system.substring("urn:oid:".length()));
            hd.getUniversalIDType().setValue("ISO");
        } else if (system.startsWith("urn:uuid:")) {
            hd.getUniversalID().setValue(system.substring("urn:uuid:".length()));
            hd.getUniversalIDType().setValue("UUID");
        } else if (receiver.namespaceOf(system).isEmpty()) {
            hd.getUniversalID().setValue(system);
            hd.getUniversalIDType().setValue("URI");
        }
    }

    private static void setQuietly(HD hd, String namespace) {
        try {
            hd.getNamespaceID().setValue(namespace);
        } catch (DataTypeException e) {
            throw new IllegalStateException(e); // an IS primitive takes any text
        }
    }
}
