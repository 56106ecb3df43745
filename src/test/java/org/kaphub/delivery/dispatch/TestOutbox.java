package org.kaphub.delivery.dispatch;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.model.DaoMethodOutcome;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The outbox writer's part, for the dispatcher's tests: a resource stored through the DAO and its KAP_OUTBOX row, as
 * the writer makes it on commit. A row the writer already made for that (partner, version) is not made twice, so
 * these tests hold with the writer in place. (Public for delivery/control's tests.)
 */
public final class TestOutbox {

    private final DaoRegistry daos;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;

    public TestOutbox(DaoRegistry daos, JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.daos = daos;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** Rows written in one transaction, as the writer writes the rows of one FHIR transaction: claimed together. */
    <T> T together(java.util.function.Supplier<T> rows) {
        return transaction.execute(status -> rows.get());
    }

    /** Stores {@code resource} (create, or update when it has an id): its versioned id. */
    @SuppressWarnings("unchecked")
    public IIdType store(Resource resource) {
        var dao = daos.getResourceDao(resource.fhirType());
        DaoMethodOutcome outcome = resource.hasIdElement() && resource.getIdElement().hasIdPart()
                ? dao.update(resource, new SystemRequestDetails()) : dao.create(resource, new SystemRequestDetails());
        return outcome.getId().toUnqualified();
    }

    void delete(IIdType id) {
        daos.getResourceDao(id.getResourceType()).delete(id.toUnqualifiedVersionless(), new SystemRequestDetails());
    }

    /** The row delivering {@code version} to {@code partner}, queued now; its id. */
    public long queue(String partner, IIdType version, String patient, String writeGroup) {
        return queue(partner, version, patient, writeGroup, "UPDATE", false);
    }

    public long queue(String partner, IIdType version, String patient, String writeGroup, String operation, boolean part2) {
        String orderKey = patient != null ? patient : version.toUnqualifiedVersionless().getValue();
        List<Long> existing = jdbc.sql("SELECT ID FROM KAP_OUTBOX WHERE PARTNER_ID = ? AND RESOURCE_TYPE = ? AND RESOURCE_ID = ? "
                        + "AND RESOURCE_VERSION = ? ORDER BY ID")
                .params(partner, version.getResourceType(), version.getIdPart(), version.getVersionIdPartAsLong())
                .query(Long.class).list();
        if (!existing.isEmpty()) {
            return existing.get(0);
        }
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("INSERT INTO KAP_OUTBOX (PARTNER_ID, ORDER_KEY, RESOURCE_TYPE, RESOURCE_ID, RESOURCE_VERSION, OPERATION, "
                        + "WRITE_GROUP, PART2, STATUS, ATTEMPTS, NEXT_ATTEMPT_AT, CREATED_AT, UPDATED_AT) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'QUEUED', 0, ?, ?, ?)")
                .params(partner, orderKey, version.getResourceType(), version.getIdPart(), version.getVersionIdPartAsLong(),
                        operation, writeGroup, part2, now, now, now)
                .update();
        return jdbc.sql("SELECT MAX(ID) FROM KAP_OUTBOX WHERE PARTNER_ID = ? AND RESOURCE_ID = ? AND RESOURCE_TYPE = ?")
                .params(partner, version.getIdPart(), version.getResourceType()).query(Long.class).single();
    }

    public Map<String, Object> row(long id) {
        return jdbc.sql("SELECT * FROM KAP_OUTBOX WHERE ID = ?").param(id).query().singleRow();
    }

    public String status(long id) {
        return jdbc.sql("SELECT STATUS FROM KAP_OUTBOX WHERE ID = ?").param(id).query(String.class).single();
    }
}
