package org.kaphub.hl7v2.mapping;

import org.kaphub.hl7v2.mapping.datatype.IdentifierSystems;

/** What every mapper may consult besides the message: identifier systems and the KAP instruments (Questionnaires). */
public record MappingContext(IdentifierSystems systems, Instruments instruments) {
}
