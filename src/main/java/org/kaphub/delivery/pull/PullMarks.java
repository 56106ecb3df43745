package org.kaphub.delivery.pull;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The high-water marks of the pulls (table KAP_PULL_MARK): per partner and resource type, the newest
 * {@code meta.lastUpdated} stored. Times are kept as UTC (DATETIME has no zone), so every node reads the same instant.
 * A partner not yet pulled has a row at {@link #NONE}, created before its first record, so that every write can lock
 * it: two nodes polling the same partner store each record once, one after the other.
 */
@Repository
class PullMarks {

    /** Nothing pulled yet: the first poll reads everything. */
    static final Instant NONE = Instant.EPOCH;

    private final JdbcClient jdbc;
    private final Clock clock = Clock.systemUTC();

    PullMarks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The mark, created at {@link #NONE} when there is none yet (its own commit). */
    Instant current(String partner, String type) {
        Optional<Instant> mark = read(partner, type, "");
        if (mark.isPresent()) {
            return mark.get();
        }
        try {
            jdbc.sql("INSERT INTO KAP_PULL_MARK (PARTNER_ID, RESOURCE_TYPE, HIGH_WATER, UPDATED_AT) VALUES (?, ?, ?, ?)")
                    .params(partner, type, utc(NONE), utc(clock.instant())).update();
        } catch (DuplicateKeyException anotherNode) {
            return read(partner, type, "").orElseThrow();
        }
        return NONE;
    }

    /** Locks the row until the caller's transaction ends: the record written under it is written by one node. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Instant lock(String partner, String type) {
        return read(partner, type, " FOR UPDATE").orElseThrow(() -> new IllegalStateException("no pull mark row"));
    }

    /** Moves the mark forward to {@code lastUpdated}, never back. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void advance(String partner, String type, Instant lastUpdated) {
        jdbc.sql("UPDATE KAP_PULL_MARK SET HIGH_WATER = ?, UPDATED_AT = ? WHERE PARTNER_ID = ? AND RESOURCE_TYPE = ? AND HIGH_WATER < ?")
                .params(utc(lastUpdated), utc(clock.instant()), partner, type, utc(lastUpdated)).update();
    }

    private Optional<Instant> read(String partner, String type, String lock) {
        return jdbc.sql("SELECT HIGH_WATER FROM KAP_PULL_MARK WHERE PARTNER_ID = ? AND RESOURCE_TYPE = ?" + lock)
                .params(partner, type)
                .query((row, n) -> row.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC))
                .optional();
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC); // DATETIME(3)
    }
}
