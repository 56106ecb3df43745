package org.kaphub.audit;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditEventSink;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Identifier;
import org.kaphub.vocabulary.KapCanonicals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores AuditEvents through HAPI's DAO, so the trail is searchable FHIR. Writes go through a
 * SystemRequestDetails, which the REST server's interceptors (BALP, authorization) never see: auditing an audit
 * write cannot recurse. An event raised inside a transaction (a FHIR write) is stored after that transaction
 * ends, in one of its own, with the outcome the transaction really had.
 */
@Component
class AuditEventStore implements IBalpAuditEventSink {

    private static final Logger log = LoggerFactory.getLogger(AuditEventStore.class);

    private final DaoRegistry daos;
    private final PagedSearches pagedSearches;
    private final TransactionTemplate ownTransaction;

    AuditEventStore(DaoRegistry daos, PagedSearches pagedSearches, PlatformTransactionManager transactionManager) {
        this.daos = daos;
        this.pagedSearches = pagedSearches;
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @Override
    public void recordAuditEvent(AuditEvent event) {
        record(event);
    }

    void record(AuditEvent event) {
        pagedSearches.describe(event); // BALP's page requests: what was searched instead of the page id
        AuditQueries.redact(event);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    if (status != STATUS_COMMITTED) {
                        event.setOutcome(AuditEvent.AuditEventOutcome._4);
                        event.setOutcomeDesc("not completed: the transaction rolled back");
                    }
                    try {
                        store(event);
                    } catch (RuntimeException e) {
                        log.error("AuditEvent could not be stored after a transaction: {}", e.getClass().getSimpleName());
                    }
                }
            });
        } else {
            store(event);
        }
    }

    /** Stored in the caller's transaction: committed or rolled back with what it records. */
    void recordWithin(AuditEvent event) {
        AuditQueries.redact(event);
        daos.getResourceDao(AuditEvent.class).create(event, new SystemRequestDetails());
    }

    private void store(AuditEvent event) {
        IFhirResourceDao<AuditEvent> dao = daos.getResourceDao(AuditEvent.class);
        try {
            ownTransaction.executeWithoutResult(status -> dao.create(event, new SystemRequestDetails()));
        } catch (InvalidRequestException unresolvable) {
            // A reference to what no longer exists (a deleted resource, a create that rolled back): referential
            // integrity refuses it, so the same ids are kept as identifiers and the event is stored after all.
            for (AuditEvent.AuditEventEntityComponent entity : event.getEntity()) {
                if (entity.getWhat().hasReference()) {
                    entity.getWhat().setIdentifier(new Identifier().setSystem(KapCanonicals.RESOURCE_ID_SID).setValue(entity.getWhat().getReference()));
                    entity.getWhat().setReferenceElement((org.hl7.fhir.r4.model.StringType) null);
                }
            }
            ownTransaction.executeWithoutResult(status -> dao.create(event, new SystemRequestDetails()));
        }
    }
}
