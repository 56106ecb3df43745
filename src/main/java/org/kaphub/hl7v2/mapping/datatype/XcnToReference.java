package org.kaphub.hl7v2.mapping.datatype;

import ca.uhn.hl7v2.model.Segment;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.kaphub.hl7v2.mapping.IdentifierSystems;
import org.kaphub.hl7v2.mapping.V2Fields;

import java.util.Optional;

/**
 * XCN (a person: ordering provider, administering provider, author) → a logical Reference to a Practitioner:
 * XCN-1 the identifier value, XCN-9 its assigning authority (system, as for PID-3), XCN-2/3 the display name.
 * KAP Hub does not keep a Practitioner directory fed by v2, so the person is referenced by business identifier
 * (a FHIR logical reference) rather than by a resource the message would have to create.
 */
public final class XcnToReference {

    private XcnToReference() {
    }

    /** Empty when neither an id nor a family name is valued. */
    public static Optional<Reference> map(Segment segment, int field, int repetition, IdentifierSystems systems) {
        String id = V2Fields.get(segment, field, repetition, 1, 1);
        String family = V2Fields.get(segment, field, repetition, 2, 1);
        String given = V2Fields.get(segment, field, repetition, 3, 1);
        if (id == null && family == null) {
            return Optional.empty();
        }
        Reference reference = new Reference().setType("Practitioner");
        if (id != null) {
            String namespace = V2Fields.get(segment, field, repetition, 9, 1);
            String universalId = V2Fields.get(segment, field, repetition, 9, 2);
            String universalIdType = V2Fields.get(segment, field, repetition, 9, 3);
            String typeCode = V2Fields.get(segment, field, repetition, 13, 1);
            reference.setIdentifier(new Identifier()
                    .setSystem(systems.systemFor(namespace, universalId, universalIdType, typeCode != null ? typeCode : "provider"))
                    .setValue(id));
        }
        if (family != null || given != null) {
            reference.setDisplay(given == null ? family : family == null ? given : given + " " + family);
        }
        return Optional.of(reference);
    }
}
