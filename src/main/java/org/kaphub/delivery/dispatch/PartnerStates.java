package org.kaphub.delivery.dispatch;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.kaphub.delivery.dispatch.OutboxTable.ts;

/**
 * The dispatcher's state per receiving partner, shared by all nodes (KAP_DELIVERY_PARTNER): paused by an operator,
 * and the circuit breaker — consecutive failed attempts, and until when the partner is left alone. A partner without
 * a row has never failed.
 */
@Repository
class PartnerStates {

    /** One partner's state as the claim sees it. */
    record State(boolean paused, int consecutiveFailures, Instant circuitOpenUntil) {

        static final State FRESH = new State(false, 0, null);

        boolean circuitOpen(Instant now) {
            return circuitOpenUntil != null && circuitOpenUntil.isAfter(now);
        }
    }

    private final JdbcClient jdbc;

    PartnerStates(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Map<String, State> all() {
        Map<String, State> states = new HashMap<>();
        jdbc.sql("SELECT PARTNER_ID, PAUSED, CONSECUTIVE_FAILURES, CIRCUIT_OPEN_UNTIL FROM KAP_DELIVERY_PARTNER")
                .query(rs -> {
                    states.put(rs.getString(1), new State(rs.getBoolean(2), rs.getInt(3),
                            rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant()));
                });
        return states;
    }

    State of(String partnerId) {
        return all().getOrDefault(partnerId, State.FRESH);
    }

    /** An attempt got through: the circuit closes. */
    void succeeded(String partnerId, Instant now) {
        jdbc.sql("UPDATE KAP_DELIVERY_PARTNER SET CONSECUTIVE_FAILURES = 0, CIRCUIT_OPEN_UNTIL = NULL, UPDATED_AT = :now "
                        + "WHERE PARTNER_ID = :partner AND (CONSECUTIVE_FAILURES > 0 OR CIRCUIT_OPEN_UNTIL IS NOT NULL)")
                .param("now", ts(now)).param("partner", partnerId).update();
    }

    /**
     * An attempt failed as a partner that is down fails (no response, 408, 429, 5xx); from {@code threshold}
     * consecutive ones on, the circuit opens until {@code openUntil} — again after every failed trial attempt.
     *
     * @return whether the circuit is open now
     */
    boolean failed(String partnerId, int threshold, Instant openUntil, Instant now) {
        ensureRow(partnerId, now);
        jdbc.sql("UPDATE KAP_DELIVERY_PARTNER SET CONSECUTIVE_FAILURES = CONSECUTIVE_FAILURES + 1, UPDATED_AT = :now "
                        + "WHERE PARTNER_ID = :partner")
                .param("now", ts(now)).param("partner", partnerId).update();
        return jdbc.sql("UPDATE KAP_DELIVERY_PARTNER SET CIRCUIT_OPEN_UNTIL = :until WHERE PARTNER_ID = :partner "
                        + "AND CONSECUTIVE_FAILURES >= :threshold")
                .param("until", ts(openUntil)).param("partner", partnerId).param("threshold", threshold).update() > 0;
    }

    private void ensureRow(String partnerId, Instant now) {
        boolean exists = jdbc.sql("SELECT COUNT(*) FROM KAP_DELIVERY_PARTNER WHERE PARTNER_ID = :partner")
                .param("partner", partnerId).query(Integer.class).single() > 0;
        if (!exists) {
            try {
                jdbc.sql("INSERT INTO KAP_DELIVERY_PARTNER (PARTNER_ID, PAUSED, CONSECUTIVE_FAILURES, UPDATED_AT) "
                                + "VALUES (:partner, FALSE, 0, :now)")
                        .param("partner", partnerId).param("now", ts(now)).update();
            } catch (DuplicateKeyException anotherNodeWasFirst) {
                // the row is there, which is all that was wanted
            }
        }
    }
}
