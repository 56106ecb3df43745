package org.kaphub.hl7v2.mapping;

import org.kaphub.hl7v2.mapping.datatype.IdentifierSystems;

import java.time.ZoneId;
import java.util.Map;
import java.util.Set;

/**
 * What every mapper may consult besides the message: identifier systems, the KAP instruments (Questionnaires), and
 * the zone of senders' times sent without an offset (kap.hl7v2.default-zone; see {@link V2Message#of}).
 */
public record MappingContext(IdentifierSystems systems, Instruments instruments, ZoneId defaultZone) {

    /**
     * For one message of one sender: its patient identifiers must be of {@code patientIdentifierSystems} (empty: any;
     * see {@link IdentifierSystems#withPatientSystems}), and its namespace ids resolve through the sender's
     * {@code configuredNamespaces} and {@code learnedNamespaces}; what the message teaches is then in
     * {@code systems().learned()} (see {@link IdentifierSystems#forSender}).
     */
    public MappingContext forSender(Set<String> patientIdentifierSystems, Map<String, String> configuredNamespaces,
                                    Map<String, String> learnedNamespaces) {
        return new MappingContext(systems.withPatientSystems(patientIdentifierSystems)
                .forSender(configuredNamespaces, learnedNamespaces), instruments, defaultZone);
    }
}
