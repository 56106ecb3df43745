package org.kaphub.hl7v2.mapping.datatype;

import ca.uhn.hl7v2.model.Segment;
import org.hl7.fhir.r4.model.Identifier;
import org.kaphub.hl7v2.mapping.IdentifierSystems;
import org.kaphub.hl7v2.mapping.V2Fields;

import java.util.Optional;

/**
 * EI (entity identifier: order numbers, appointment ids, document numbers) → Identifier (v2-to-FHIR datatype map
 * EI[Identifier]): EI-1 value, EI-2..4 (namespace, universal id, type) the system. An EI without an authority is
 * scoped to the sending facility (MSH-4) and the kind of number, so two clinics' order "1001" never collide.
 */
public final class EiToIdentifier {

    private EiToIdentifier() {
    }

    /**
     * @param kind         what the number is ("placer-order", "filler-appointment", "document"), part of a fallback system
     * @param senderScope  MSH-4 (else MSH-3) namespace, for numbers sent without an authority
     */
    public static Optional<Identifier> map(Segment segment, int field, int repetition, IdentifierSystems systems,
                                           String senderScope, String kind) {
        String value = V2Fields.get(segment, field, repetition, 1, 1);
        if (value == null) {
            return Optional.empty();
        }
        String namespace = V2Fields.get(segment, field, repetition, 2, 1);
        String universalId = V2Fields.get(segment, field, repetition, 3, 1);
        String universalIdType = V2Fields.get(segment, field, repetition, 4, 1);
        String system = namespace == null && universalId == null
                ? systems.scopedSystem(senderScope, kind)
                : systems.systemFor(namespace, universalId, universalIdType, kind);
        return Optional.of(new Identifier().setSystem(system).setValue(value));
    }
}
