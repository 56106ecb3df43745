package org.kaphub.hl7v2.inbound;

import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import org.apache.camel.Body;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Meta;
import org.kaphub.hl7v2.Acks;
import org.kaphub.hl7v2.LearnedNamespaces;
import org.kaphub.journal.MessageJournal;
import org.kaphub.journal.MessageKeys;
import org.kaphub.ownership.Writer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;

/**
 * The store step: the idempotency key, the FHIR writes, the journal's ACCEPTED mark and the audit record commit in
 * one transaction; only then is the AA returned. The key goes first: a concurrent copy of the same message waits on
 * it and then fails with {@link MessageKeys.AlreadyClaimed}, unwritten (the route answers it as a resend). The writes
 * are made by the partner ({@link Writer}): ownership/'s rule, the same as for its REST clients. What the message
 * taught about the partner's assigning-authority namespaces is stored in the same transaction: a message that is not
 * stored teaches nothing.
 */
@Component("hl7v2Storing")
public class Storing {

    private final MessageKeys keys;
    private final MessageJournal journal;
    private final IFhirSystemDao<Bundle, Meta> fhir;
    private final TransactionTemplate transaction;
    private final InboundAudit audit;
    private final Acks acks;
    private final LearnedNamespaces namespaces;

    Storing(MessageKeys keys, MessageJournal journal, IFhirSystemDao<Bundle, Meta> fhir,
            PlatformTransactionManager transactionManager, InboundAudit audit, Acks acks, LearnedNamespaces namespaces) {
        this.keys = keys;
        this.journal = journal;
        this.fhir = fhir;
        this.transaction = new TransactionTemplate(transactionManager);
        this.audit = audit;
        this.acks = acks;
        this.namespaces = namespaces;
    }

    /** @return the AA, once committed */
    public String store(@Body InboundMessage in) {
        String ack = acks.accept(in.parsed());
        // HAPI resolves the references of the Bundle it is given: a redelivery (route, onException) needs a fresh copy
        Bundle request = in.transaction().copy();
        transaction.executeWithoutResult(status -> {
            keys.claim(in.keySender(), in.controlId(), in.contentHash(), in.journalId());
            namespaces.learn(in.partner().id(), in.learnedNamespaces(), in.journalId());
            Bundle response = fhir.transactionNested(Writer.of(in.partner()).attachTo(new SystemRequestDetails()), request);
            List<String> locations = response.getEntry().stream().map(entry -> entry.getResponse().getLocation()).toList();
            journal.markAccepted(in.journalId(), ack, locations);
            audit.stored(in, locations);
        });
        return ack;
    }
}
