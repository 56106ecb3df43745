package org.kaphub.delivery.outbox;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/** KAP_OUTBOX as the writer sees it: rows inserted, QUEUED and due now, inside the write's own transaction. */
@Repository
class OutboxRows {

    static final String QUEUED = "QUEUED";

    private final JdbcClient jdbc;

    OutboxRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** On the connection of the caller's transaction (HAPI's JpaTransactionManager exposes it to JDBC). */
    void insert(String writeGroup, List<OutboxRow> rows) {
        Timestamp now = Timestamp.from(Instant.now());
        for (OutboxRow row : rows) {
            jdbc.sql("""
                            INSERT INTO KAP_OUTBOX (PARTNER_ID, ORDER_KEY, RESOURCE_TYPE, RESOURCE_ID, RESOURCE_VERSION, OPERATION,
                                WRITE_GROUP, PART2, STATUS, ATTEMPTS, NEXT_ATTEMPT_AT, CREATED_AT, UPDATED_AT)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)""")
                    .params(row.partnerId(), row.orderKey(), row.resourceType(), row.resourceId(), row.version(),
                            row.operation().name(), writeGroup, row.part2(), QUEUED, now, now, now)
                    .update();
        }
    }
}
