package org.kaphub.delivery.control;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The control API's reads and writes of the dispatcher's tables (Liquibase {@code delivery.yaml}): KAP_OUTBOX and
 * KAP_DELIVERY_PARTNER. Requeueing touches only settled rows (DELIVERED, DEAD, BLOCKED), which the dispatcher never
 * writes again, so it cannot race a delivery in flight. Times are the JVM's clock, as the dispatcher's are.
 */
@Repository
class ControlTable {

    private static final String COLUMNS = "ID, PARTNER_ID, RESOURCE_TYPE, RESOURCE_ID, RESOURCE_VERSION, OPERATION, STATUS, "
            + "ATTEMPTS, LAST_STATUS, LAST_ERROR, CREATED_AT, NEXT_ATTEMPT_AT, DELIVERED_AT, REPLAYED_AT";
    private static final RowMapper<DeliveryView> ROW = (rs, n) -> view(rs, null);
    private static final RowMapper<DeliveryView> ROW_WITH_RESPONSE = (rs, n) -> view(rs, rs.getString("LAST_RESPONSE"));
    /** Large IN lists are split: databases cap the number of parameters of one statement. */
    private static final int CHUNK = 500;

    /** KAP_DELIVERY_PARTNER; a partner without a row has never failed nor been paused. */
    record State(boolean paused, int consecutiveFailures, Instant circuitOpenUntil) {
        static final State FRESH = new State(false, 0, null);
    }

    private final JdbcClient jdbc;

    ControlTable(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean hasRows(String partnerId) {
        return !jdbc.sql("SELECT ID FROM KAP_OUTBOX WHERE PARTNER_ID = :partner LIMIT 1").param("partner", partnerId)
                .query(Long.class).list().isEmpty();
    }

    /** The partner's rows with an ID above {@code after}, of {@code statuses} (empty: any), in ID order. */
    List<DeliveryView> page(String partnerId, Collection<DeliveryStatus> statuses, long after, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM KAP_OUTBOX WHERE PARTNER_ID = :partner AND ID > :after"
                        + (statuses.isEmpty() ? "" : " AND STATUS IN (:statuses)") + " ORDER BY ID LIMIT :limit")
                .param("partner", partnerId).param("after", after).param("limit", limit)
                .param("statuses", statuses.stream().map(Enum::name).toList())
                .query(ROW).list();
    }

    Optional<DeliveryView> row(long id) {
        return jdbc.sql("SELECT " + COLUMNS + ", LAST_RESPONSE FROM KAP_OUTBOX WHERE ID = :id").param("id", id)
                .query(ROW_WITH_RESPONSE).optional();
    }

    Map<DeliveryStatus, Integer> counts(String partnerId) {
        Map<DeliveryStatus, Integer> counts = new EnumMap<>(DeliveryStatus.class);
        for (DeliveryStatus status : DeliveryStatus.values()) {
            counts.put(status, 0);
        }
        jdbc.sql("SELECT STATUS, COUNT(*) FROM KAP_OUTBOX WHERE PARTNER_ID = :partner GROUP BY STATUS")
                .param("partner", partnerId)
                .query(rs -> {
                    counts.put(DeliveryStatus.valueOf(rs.getString(1)), rs.getInt(2));
                });
        return counts;
    }

    Optional<Instant> oldestUndelivered(String partnerId) {
        return Optional.ofNullable(jdbc.sql("SELECT MIN(CREATED_AT) FROM KAP_OUTBOX WHERE PARTNER_ID = :partner "
                        + "AND STATUS IN ('QUEUED', 'IN_FLIGHT')")
                .param("partner", partnerId).query(Timestamp.class).optional().orElse(null)).map(Timestamp::toInstant);
    }

    State state(String partnerId) {
        return jdbc.sql("SELECT PAUSED, CONSECUTIVE_FAILURES, CIRCUIT_OPEN_UNTIL FROM KAP_DELIVERY_PARTNER WHERE PARTNER_ID = :partner")
                .param("partner", partnerId)
                .query((rs, n) -> new State(rs.getBoolean(1), rs.getInt(2), instant(rs, 3)))
                .optional().orElse(State.FRESH);
    }

    /**
     * The partner's settled rows of {@code statuses} committed at or after {@code since} (null: any time), locked
     * until the caller's transaction ends, in ID order.
     */
    List<DeliveryView> lockSettled(String partnerId, Collection<DeliveryStatus> statuses, Instant since) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM KAP_OUTBOX WHERE PARTNER_ID = :partner AND STATUS IN (:statuses)"
                        + (since == null ? "" : " AND CREATED_AT >= :since") + " ORDER BY ID FOR UPDATE")
                .param("partner", partnerId).param("statuses", statuses.stream().map(Enum::name).toList())
                .param("since", ts(since))
                .query(ROW).list();
    }

    /** One row, locked until the caller's transaction ends. */
    Optional<DeliveryView> lock(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM KAP_OUTBOX WHERE ID = :id FOR UPDATE").param("id", id)
                .query(ROW).optional();
    }

    /**
     * Back to how the outbox writer left them — QUEUED, due now, no attempts, no claim, no outcome — keeping their ID
     * (their place in their queue) and CREATED_AT; REPLAYED_AT now. Only settled rows are touched.
     *
     * @return the number of rows requeued
     */
    int requeue(List<Long> ids, Instant now) {
        int requeued = 0;
        for (int from = 0; from < ids.size(); from += CHUNK) {
            requeued += jdbc.sql("UPDATE KAP_OUTBOX SET STATUS = 'QUEUED', ATTEMPTS = 0, NEXT_ATTEMPT_AT = :now, "
                            + "CLAIMED_BY = NULL, CLAIMED_UNTIL = NULL, DELIVERED_AT = NULL, LAST_STATUS = NULL, "
                            + "LAST_ERROR = NULL, LAST_RESPONSE = NULL, REPLAYED_AT = :now, UPDATED_AT = :now "
                            + "WHERE ID IN (:ids) AND STATUS IN ('DELIVERED', 'DEAD', 'BLOCKED')")
                    .param("now", ts(now)).param("ids", ids.subList(from, Math.min(ids.size(), from + CHUNK)))
                    .update();
        }
        return requeued;
    }

    void pause(String partnerId, Instant now) {
        upsert(partnerId, now);
        jdbc.sql("UPDATE KAP_DELIVERY_PARTNER SET PAUSED = TRUE, UPDATED_AT = :now WHERE PARTNER_ID = :partner")
                .param("now", ts(now)).param("partner", partnerId).update();
    }

    /** Not paused, no failures counted, circuit closed. */
    void resume(String partnerId, Instant now) {
        upsert(partnerId, now);
        jdbc.sql("UPDATE KAP_DELIVERY_PARTNER SET PAUSED = FALSE, CONSECUTIVE_FAILURES = 0, CIRCUIT_OPEN_UNTIL = NULL, "
                        + "UPDATED_AT = :now WHERE PARTNER_ID = :partner")
                .param("now", ts(now)).param("partner", partnerId).update();
    }

    /** The partner's QUEUED rows waiting out a backoff are due now (their attempts still count). */
    int dueNow(String partnerId, Instant now) {
        return jdbc.sql("UPDATE KAP_OUTBOX SET NEXT_ATTEMPT_AT = :now, UPDATED_AT = :now WHERE PARTNER_ID = :partner "
                        + "AND STATUS = 'QUEUED' AND NEXT_ATTEMPT_AT > :now")
                .param("now", ts(now)).param("partner", partnerId).update();
    }

    private void upsert(String partnerId, Instant now) {
        if (jdbc.sql("SELECT COUNT(*) FROM KAP_DELIVERY_PARTNER WHERE PARTNER_ID = :partner").param("partner", partnerId)
                .query(Integer.class).single() == 0) {
            try {
                jdbc.sql("INSERT INTO KAP_DELIVERY_PARTNER (PARTNER_ID, PAUSED, CONSECUTIVE_FAILURES, UPDATED_AT) "
                                + "VALUES (:partner, FALSE, 0, :now)")
                        .param("partner", partnerId).param("now", ts(now)).update();
            } catch (DuplicateKeyException dispatcherWasFirst) {
                // the dispatcher recorded a failure meanwhile: the row is there, which is all that was wanted
            }
        }
    }

    private static DeliveryView view(ResultSet rs, String lastResponse) throws SQLException {
        Integer lastStatus = rs.getObject("LAST_STATUS", Integer.class);
        return new DeliveryView(rs.getLong("ID"), rs.getString("PARTNER_ID"), rs.getString("RESOURCE_TYPE"),
                rs.getString("RESOURCE_ID"), rs.getLong("RESOURCE_VERSION"), rs.getString("OPERATION"),
                DeliveryStatus.valueOf(rs.getString("STATUS")), rs.getInt("ATTEMPTS"), lastStatus,
                rs.getString("LAST_ERROR"), instant(rs, "CREATED_AT"), instant(rs, "NEXT_ATTEMPT_AT"),
                instant(rs, "DELIVERED_AT"), instant(rs, "REPLAYED_AT"), lastResponse);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
