package org.kaphub.security;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which client a search's pages belong to ({@code KAP_SEARCH_OWNER}, in the database so that every node of a cluster
 * answers a {@code _getpages} link the same way). A row is written when a response first hands out a paging link,
 * and kept a day — longer than HAPI keeps an idle search (an hour, extended while it is paged).
 */
@Repository
class SearchOwners {

    static final Duration KEPT = Duration.ofDays(1);
    private static final Duration CLEAN_EVERY = Duration.ofMinutes(10);
    private static final int MAX_CLIENT_ID = 255;

    private final JdbcClient jdbc;
    private final AtomicLong nextCleanUp = new AtomicLong();

    SearchOwners(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<String> owner(String searchId) {
        if (searchId.length() > 64) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT CLIENT_ID FROM KAP_SEARCH_OWNER WHERE SEARCH_UUID = ?").param(searchId)
                .query(String.class).optional();
    }

    /** Binds a search to the client that ran it; a search already bound keeps its owner. */
    void claim(String searchId, String clientId) {
        if (searchId.length() > 64) {
            return; // not one of HAPI's search ids: nothing will page with it
        }
        Instant now = Instant.now();
        if (owner(searchId).isEmpty()) {
            try {
                jdbc.sql("INSERT INTO KAP_SEARCH_OWNER (SEARCH_UUID, CLIENT_ID, CREATED_AT) VALUES (?, ?, ?)")
                        .params(searchId, clientId.length() > MAX_CLIENT_ID ? clientId.substring(0, MAX_CLIENT_ID) : clientId,
                                Timestamp.from(now))
                        .update();
            } catch (DuplicateKeyException raced) {
                // claimed at the same moment by another response for the same search: the first row stands
            }
        }
        long due = nextCleanUp.get();
        if (now.toEpochMilli() >= due && nextCleanUp.compareAndSet(due, now.plus(CLEAN_EVERY).toEpochMilli())) {
            jdbc.sql("DELETE FROM KAP_SEARCH_OWNER WHERE CREATED_AT < ?").param(Timestamp.from(now.minus(KEPT))).update();
        }
    }
}
