package org.kaphub.hl7v2.mapping;

import org.hl7.fhir.r4.model.Bundle;

import java.util.Set;

/**
 * One message type → one FHIR transaction Bundle. Implementations are stateless and need no Spring: they get the
 * parsed message and the collaborators in {@link MappingContext}, and report content problems as
 * {@link MappingException} (answered AE with an ERR naming the segment and field).
 */
public interface MessageMapper {

    /** The MSH-9 code^event pairs this mapper takes, e.g. {@code "RAS^O17"}. */
    Set<String> messageTypes();

    Bundle map(V2Message message, MappingContext context) throws MappingException;
}
