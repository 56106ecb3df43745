package org.kaphub.audit;

import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditEventSink;
import org.hl7.fhir.r4.model.AuditEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.ArrayList;
import java.util.List;

/**
 * Where BALP's and {@link AuditTrail}'s events go: the {@link AuditLog}. An event raised inside a transaction (a FHIR
 * write) is appended in that transaction, just before it commits, together with the transaction's other events: a
 * committed write always has its record, and a transaction's events cost one batch. When the transaction rolls back
 * its events are appended after all, in a transaction of their own, marked as not completed.
 */
@Component
class AuditEventStore implements IBalpAuditEventSink {

    private static final Logger log = LoggerFactory.getLogger(AuditEventStore.class);

    private final AuditLog auditLog;
    private final PagedSearches pagedSearches;

    AuditEventStore(AuditLog auditLog, PagedSearches pagedSearches) {
        this.auditLog = auditLog;
        this.pagedSearches = pagedSearches;
    }

    @Override
    public void recordAuditEvent(AuditEvent event) {
        record(event);
    }

    void record(AuditEvent event) {
        pagedSearches.describe(event); // BALP's page requests: what was searched instead of the page id
        AuditQueries.redact(event);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            pending().add(event);
        } else {
            auditLog.append(List.of(event));
        }
    }

    /** Stored in the caller's transaction: committed or rolled back with what it records. */
    void recordWithin(AuditEvent event) {
        AuditQueries.redact(event);
        auditLog.append(List.of(event));
    }

    /**
     * This transaction's events not yet appended; the first call registers the synchronization that appends them.
     * Found among the transaction's synchronizations, which Spring suspends with it (a REQUIRES_NEW inside has its own).
     */
    private List<AuditEvent> pending() {
        for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
            if (synchronization instanceof Pending pending && pending.store() == this) {
                return pending.events;
            }
        }
        Pending pending = new Pending();
        TransactionSynchronizationManager.registerSynchronization(pending);
        return pending.events;
    }

    private final class Pending implements TransactionSynchronization {
        final List<AuditEvent> events = new ArrayList<>();
        private int appended;

        AuditEventStore store() {
            return AuditEventStore.this;
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            if (!readOnly && TransactionSynchronizationManager.isActualTransactionActive()) {
                auditLog.append(List.copyOf(events));
                appended = events.size();
            }
        }

        @Override
        public void afterCompletion(int status) {
            List<AuditEvent> left;
            if (status == STATUS_COMMITTED) {
                left = events.subList(appended, events.size()); // raised after beforeCommit, or in a read-only transaction
            } else {
                left = events; // the appended rows, if any, rolled back with the transaction
                left.forEach(event -> {
                    event.setOutcome(AuditEvent.AuditEventOutcome._4);
                    event.setOutcomeDesc("not completed: the transaction rolled back");
                });
            }
            if (left.isEmpty()) {
                return;
            }
            try {
                auditLog.appendSeparately(List.copyOf(left));
            } catch (RuntimeException e) {
                log.error("{} AuditEvent(s) could not be stored after a transaction: {}", left.size(), e.getClass().getSimpleName());
            }
        }
    }
}
