package org.kaphub.hl7v2.inbound;

import org.apache.camel.Body;
import org.hl7.fhir.r4.model.Bundle;
import org.kaphub.hl7v2.LearnedNamespaces;
import org.kaphub.hl7v2.mapping.CodeDisplays;
import org.kaphub.hl7v2.mapping.JournalProvenance;
import org.kaphub.hl7v2.mapping.MappingContext;
import org.kaphub.hl7v2.mapping.MappingException;
import org.kaphub.hl7v2.mapping.MessageMapper;
import org.kaphub.hl7v2.mapping.V2Message;
import org.kaphub.hl7v2.mapping.message.MessageMappers;
import org.kaphub.partners.Partner;
import org.springframework.stereotype.Component;

/**
 * The map step: the mapper for MSH-9 makes the FHIR transaction, its codings get their code systems' displays
 * ({@link CodeDisplays}); a Provenance pointing at the journal entry joins it. Patient identifiers must be of the
 * partner's assigning authorities, when it names any (else AE 103); their namespace ids resolve through the partner's
 * registry entry and what it sent before (README "How patient identity is resolved"), and what the message shows for
 * the first time travels on to be stored with its writes.
 */
@Component("hl7v2Mapping")
public class Mapping {

    private final MessageMappers mappers;
    private final MappingContext context;
    private final LearnedNamespaces namespaces;
    private final CodeDisplays displays;

    Mapping(MessageMappers mappers, MappingContext context, LearnedNamespaces namespaces, CodeDisplays displays) {
        this.mappers = mappers;
        this.context = context;
        this.namespaces = namespaces;
        this.displays = displays;
    }

    public InboundMessage map(@Body InboundMessage in) throws MappingException {
        V2Message v2 = V2Message.of(in.parsed(), context.defaultZone());
        // the parse step refused the types no mapper takes
        MessageMapper mapper = mappers.find(v2.messageType()).orElseThrow();
        Partner partner = in.partner();
        MappingContext sender = context.forSender(partner.assigningAuthorities(), partner.assigningAuthorityNamespaces(),
                namespaces.of(partner.id()));
        Bundle transaction = mapper.map(v2, sender);
        displays.fill(transaction);
        JournalProvenance.add(transaction, in.journalId(), v2.messageType(), v2.event(), in.sender());
        return in.mappedTo(transaction, sender.systems().learned());
    }
}
