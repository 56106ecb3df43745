package org.kaphub.delivery.dispatch;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dispatcher's reads and writes of KAP_OUTBOX (Liquibase {@code delivery.yaml}). Every outcome is written only
 * by the holder of the row's claim ({@code CLAIMED_BY}), so a node whose lease ran out and whose row another node took
 * over cannot overwrite that node's outcome. Times are the JVM's clock, passed as parameters, never the database's.
 */
@Repository
class OutboxTable {

    /** Due: queued and its time has come, or in flight on a node whose lease ran out. */
    private static final String DUE = "((o.STATUS = 'QUEUED' AND o.NEXT_ATTEMPT_AT <= :now) "
            + "OR (o.STATUS = 'IN_FLIGHT' AND o.CLAIMED_UNTIL < :now))";
    /** No older undelivered row of the same (partner, ORDER_KEY): rows of one patient go out in ID order. */
    private static final String HEAD = "NOT EXISTS (SELECT 1 FROM KAP_OUTBOX e WHERE e.PARTNER_ID = o.PARTNER_ID "
            + "AND e.ORDER_KEY = o.ORDER_KEY AND e.ID < o.ID AND e.STATUS IN ('QUEUED', 'IN_FLIGHT'))";
    private static final int MAX_ERROR = 1000;

    private static final RowMapper<OutboxRow> ROW = (rs, n) -> new OutboxRow(rs.getLong("ID"), rs.getString("PARTNER_ID"),
            rs.getString("ORDER_KEY"), rs.getString("RESOURCE_TYPE"), rs.getString("RESOURCE_ID"),
            rs.getLong("RESOURCE_VERSION"), rs.getString("OPERATION"), rs.getString("WRITE_GROUP"), rs.getBoolean("PART2"),
            rs.getInt("ATTEMPTS"), rs.getTimestamp("CREATED_AT").toInstant(),
            rs.getTimestamp("REPLAYED_AT") == null ? null : rs.getTimestamp("REPLAYED_AT").toInstant());

    private final JdbcClient jdbc;

    OutboxTable(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The due heads of a partner's (partner, ORDER_KEY) queues, oldest first; read without locks. */
    List<Long> dueHeads(String partnerId, Instant now, int limit) {
        return jdbc.sql("SELECT o.ID FROM KAP_OUTBOX o WHERE o.PARTNER_ID = :partner AND " + DUE + " AND " + HEAD
                        + " ORDER BY o.ID LIMIT :limit")
                .param("partner", partnerId).param("now", ts(now)).param("limit", limit)
                .query(Long.class).list();
    }

    /** The due head of one (partner, ORDER_KEY) queue, if it is due. */
    Optional<Long> dueHead(String partnerId, String orderKey, Instant now) {
        return jdbc.sql("SELECT o.ID FROM KAP_OUTBOX o WHERE o.PARTNER_ID = :partner AND o.ORDER_KEY = :key AND " + DUE
                        + " AND " + HEAD)
                .param("partner", partnerId).param("key", orderKey).param("now", ts(now))
                .query(Long.class).optional();
    }

    /** Deliveries in flight per partner on every node (a delivery: one claim, one or more rows). */
    Map<String, Integer> inFlightPerPartner(Instant now) {
        Map<String, Integer> counts = new HashMap<>();
        jdbc.sql("SELECT PARTNER_ID, COUNT(DISTINCT CLAIMED_BY) FROM KAP_OUTBOX WHERE STATUS = 'IN_FLIGHT' "
                        + "AND CLAIMED_UNTIL >= :now GROUP BY PARTNER_ID")
                .param("now", ts(now))
                .query(rs -> {
                    counts.put(rs.getString(1), rs.getInt(2));
                });
        return counts;
    }

    /** Deliveries in flight on this node (claims starting with {@code node/}). */
    int inFlightOn(String node, Instant now) {
        return jdbc.sql("SELECT COUNT(DISTINCT CLAIMED_BY) FROM KAP_OUTBOX WHERE STATUS = 'IN_FLIGHT' "
                        + "AND CLAIMED_UNTIL >= :now AND CLAIMED_BY LIKE :node")
                .param("now", ts(now)).param("node", node + "/%")
                .query(Integer.class).single();
    }

    /**
     * Locks those of {@code ids} that are still due, skipping rows another node holds locked this moment (MariaDB
     * 10.6+ and H2 2.x both know SKIP LOCKED); inside the caller's transaction. The due condition is checked again on
     * the locked, latest committed row, so a row another node claimed since the unlocked read is not taken twice.
     */
    List<Long> lockDue(List<Long> ids, Instant now) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT o.ID FROM KAP_OUTBOX o WHERE o.ID IN (:ids) AND " + DUE + " ORDER BY o.ID FOR UPDATE SKIP LOCKED")
                .param("ids", ids).param("now", ts(now))
                .query(Long.class).list();
    }

    /**
     * The undelivered rows right behind {@code head} in its (partner, ORDER_KEY) queue that belong to its write group:
     * they travel with it in one transaction Bundle (they are then locked with {@link #lockDue}).
     */
    List<Long> groupBehind(OutboxRow head) {
        if (head.writeGroup() == null) {
            return List.of();
        }
        List<Map.Entry<Long, Boolean>> behind = jdbc.sql("SELECT ID, WRITE_GROUP FROM KAP_OUTBOX WHERE PARTNER_ID = :partner "
                        + "AND ORDER_KEY = :key AND ID > :id AND STATUS IN ('QUEUED', 'IN_FLIGHT') ORDER BY ID LIMIT 20")
                .param("partner", head.partnerId()).param("key", head.orderKey()).param("id", head.id())
                .query((rs, n) -> Map.entry(rs.getLong(1), head.writeGroup().equals(rs.getString(2))))
                .list();
        return behind.stream().takeWhile(Map.Entry::getValue).map(Map.Entry::getKey).toList();
    }

    void claim(List<Long> ids, String claim, Instant until, Instant now) {
        jdbc.sql("UPDATE KAP_OUTBOX SET STATUS = 'IN_FLIGHT', CLAIMED_BY = :claim, CLAIMED_UNTIL = :until, "
                        + "UPDATED_AT = :now WHERE ID IN (:ids)")
                .param("claim", claim).param("until", ts(until)).param("now", ts(now)).param("ids", ids)
                .update();
    }

    OutboxRow row(long id) {
        return jdbc.sql("SELECT * FROM KAP_OUTBOX WHERE ID = :id").param("id", id).query(ROW).single();
    }

    List<OutboxRow> rows(List<Long> ids) {
        return jdbc.sql("SELECT * FROM KAP_OUTBOX WHERE ID IN (:ids) ORDER BY ID").param("ids", ids).query(ROW).list();
    }

    /** The partner has had this resource delivered (any version). */
    boolean delivered(String partnerId, String orderKey, String type, String id) {
        return jdbc.sql("SELECT COUNT(*) FROM KAP_OUTBOX WHERE PARTNER_ID = :partner AND ORDER_KEY = :key "
                        + "AND RESOURCE_TYPE = :type AND RESOURCE_ID = :id AND STATUS = 'DELIVERED'")
                .param("partner", partnerId).param("key", orderKey).param("type", type).param("id", id)
                .query(Integer.class).single() > 0;
    }

    /** The highest version of a record delivered to the partner by rows other than {@code sending}; empty: none. */
    Optional<Long> lastDeliveredVersion(String partnerId, String type, String id, List<Long> sending) {
        return jdbc.sql("SELECT MAX(RESOURCE_VERSION) FROM KAP_OUTBOX WHERE PARTNER_ID = :partner "
                        + "AND RESOURCE_TYPE = :type AND RESOURCE_ID = :id AND STATUS = 'DELIVERED' AND ID NOT IN (:sending)")
                .param("partner", partnerId).param("type", type).param("id", id).param("sending", sending)
                .query(Long.class).optional();
    }

    /** Records a resource that travelled along with a delivery (a Patient the partner had not had) as delivered. */
    void insertDelivered(String partnerId, String orderKey, String type, String id, long version, boolean part2,
                         String claim, Integer status, Instant now) {
        jdbc.sql("INSERT INTO KAP_OUTBOX (PARTNER_ID, ORDER_KEY, RESOURCE_TYPE, RESOURCE_ID, RESOURCE_VERSION, OPERATION, "
                        + "PART2, STATUS, ATTEMPTS, NEXT_ATTEMPT_AT, CLAIMED_BY, CREATED_AT, UPDATED_AT, DELIVERED_AT, LAST_STATUS) "
                        + "VALUES (:partner, :key, :type, :id, :version, 'UPDATE', :part2, 'DELIVERED', 1, :now, :claim, :now, "
                        + ":now, :now, :status)")
                .param("partner", partnerId).param("key", orderKey).param("type", type).param("id", id)
                .param("version", version).param("part2", part2).param("claim", claim).param("now", ts(now))
                .param("status", status)
                .update();
    }

    // ---- outcomes, each only by the claim's holder; the number of rows written is returned ----

    /** {@code response}: what the partner answered, when it is worth keeping (an ACK's MSA and ERR); else null. */
    int delivered(List<Long> ids, String claim, Integer status, String response, Instant now) {
        return jdbc.sql("UPDATE KAP_OUTBOX SET STATUS = 'DELIVERED', ATTEMPTS = ATTEMPTS + 1, DELIVERED_AT = :now, "
                        + "UPDATED_AT = :now, CLAIMED_UNTIL = NULL, LAST_STATUS = :status, LAST_ERROR = NULL, "
                        + "LAST_RESPONSE = :response WHERE ID IN (:ids) AND CLAIMED_BY = :claim AND STATUS = 'IN_FLIGHT'")
                .param("now", ts(now)).param("status", status).param("response", response).param("ids", ids)
                .param("claim", claim)
                .update();
    }

    /** {@code response}: what the partner answered this time (null: nothing), replacing the last attempt's. */
    int retry(List<Long> ids, String claim, Instant next, Integer status, String error, String response, Instant now) {
        return jdbc.sql("UPDATE KAP_OUTBOX SET STATUS = 'QUEUED', ATTEMPTS = ATTEMPTS + 1, NEXT_ATTEMPT_AT = :next, "
                        + "UPDATED_AT = :now, CLAIMED_UNTIL = NULL, LAST_STATUS = :status, LAST_ERROR = :error, "
                        + "LAST_RESPONSE = :response WHERE ID IN (:ids) AND CLAIMED_BY = :claim AND STATUS = 'IN_FLIGHT'")
                .param("next", ts(next)).param("now", ts(now)).param("status", status).param("error", clip(error))
                .param("response", response).param("ids", ids).param("claim", claim)
                .update();
    }

    int dead(List<Long> ids, String claim, Integer status, String error, String response, Instant now) {
        return jdbc.sql("UPDATE KAP_OUTBOX SET STATUS = 'DEAD', ATTEMPTS = ATTEMPTS + 1, UPDATED_AT = :now, "
                        + "CLAIMED_UNTIL = NULL, LAST_STATUS = :status, LAST_ERROR = :error, LAST_RESPONSE = :response "
                        + "WHERE ID IN (:ids) AND CLAIMED_BY = :claim AND STATUS = 'IN_FLIGHT'")
                .param("now", ts(now)).param("status", status).param("error", clip(error)).param("response", response)
                .param("ids", ids).param("claim", claim)
                .update();
    }

    /** Not sent and never retried (no attempt is counted): the partner may not have it now. */
    int blocked(long id, String claim, String reason, Instant now) {
        return jdbc.sql("UPDATE KAP_OUTBOX SET STATUS = 'BLOCKED', UPDATED_AT = :now, CLAIMED_UNTIL = NULL, "
                        + "LAST_STATUS = NULL, LAST_ERROR = :reason WHERE ID = :id AND CLAIMED_BY = :claim AND STATUS = 'IN_FLIGHT'")
                .param("now", ts(now)).param("reason", clip(reason)).param("id", id).param("claim", claim)
                .update();
    }

    /** Handed back unsent, no attempt counted (its partner is paused, disabled or gone since the claim). */
    int release(List<Long> ids, String claim, Instant now) {
        return jdbc.sql("UPDATE KAP_OUTBOX SET STATUS = 'QUEUED', CLAIMED_BY = NULL, CLAIMED_UNTIL = NULL, UPDATED_AT = :now "
                        + "WHERE ID IN (:ids) AND CLAIMED_BY = :claim AND STATUS = 'IN_FLIGHT'")
                .param("now", ts(now)).param("ids", ids).param("claim", claim)
                .update();
    }

    static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static String clip(String text) {
        return text == null || text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR);
    }
}
