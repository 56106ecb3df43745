package org.kaphub.hl7v2.mapping;


import java.time.ZoneId;
import java.util.Set;

/**
 * What every mapper may consult besides the message: identifier systems, the KAP instruments (Questionnaires), and
 * the zone of senders' times sent without an offset (kap.hl7v2.default-zone; see {@link V2Message#of}).
 */
public record MappingContext(IdentifierSystems systems, Instruments instruments, ZoneId defaultZone) {

    /** For one sender whose patient identifiers must be of these systems (empty: any); see {@link IdentifierSystems#withPatientSystems}. */
    public MappingContext forSender(Set<String> patientIdentifierSystems) {
        return patientIdentifierSystems.isEmpty() ? this
                : new MappingContext(systems.withPatientSystems(patientIdentifierSystems), instruments, defaultZone);
    }
}
