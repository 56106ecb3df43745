package org.kaphub.delivery.outbox;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The deliveries of one database transaction — a REST write, a FHIR transaction Bundle, an HL7 v2 message with
 * everything derived from it (score Observations) — written to KAP_OUTBOX just before that transaction commits, in it,
 * under one WRITE_GROUP id. A rollback discards them with the write. Kept as a synchronization of the transaction
 * itself (not of a request): HAPI's nested DAO calls join it, and a transaction suspended for a REQUIRES_NEW one keeps
 * its own group.
 */
final class WriteGroup implements TransactionSynchronization {

    private final String id = UUID.randomUUID().toString();
    private final List<OutboxRow> rows = new ArrayList<>();
    private final OutboxRows outbox;

    private WriteGroup(OutboxRows outbox) {
        this.outbox = outbox;
    }

    /** The group of the transaction running on this thread, begun with its first delivery. */
    static WriteGroup current(OutboxRows outbox) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            // without the write's transaction a crash could separate the write from its deliveries: refuse the write
            throw new IllegalStateException("A delivered record was written outside a Spring-managed transaction");
        }
        for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
            if (synchronization instanceof WriteGroup group) {
                return group;
            }
        }
        WriteGroup group = new WriteGroup(outbox);
        TransactionSynchronizationManager.registerSynchronization(group);
        return group;
    }

    /** A second version of the same record for the same partner in one transaction replaces the first. */
    void add(OutboxRow row) {
        for (int i = 0; i < rows.size(); i++) {
            OutboxRow earlier = rows.get(i);
            if (earlier.sameDelivery(row)) {
                rows.set(i, merged(earlier, row));
                return;
            }
        }
        rows.add(row);
    }

    @Override
    public void beforeCommit(boolean readOnly) {
        List<OutboxRow> ordered = new ArrayList<>(rows);
        ordered.sort(Comparator.comparingInt(OutboxRow::rank)); // stable: otherwise in the order written
        outbox.insert(id, ordered);
    }

    /** The newest version; created in this transaction stays a create, unless it ends deleted. */
    private static OutboxRow merged(OutboxRow earlier, OutboxRow later) {
        if (later.version() < earlier.version()) {
            return earlier;
        }
        OutboxRow.Operation operation = earlier.operation() == OutboxRow.Operation.CREATE
                && later.operation() != OutboxRow.Operation.DELETE ? OutboxRow.Operation.CREATE : later.operation();
        return new OutboxRow(later.partnerId(), later.orderKey(), later.resourceType(), later.resourceId(), later.version(),
                operation, later.part2(), Math.min(earlier.rank(), later.rank()));
    }
}
