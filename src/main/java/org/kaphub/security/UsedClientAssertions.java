package org.kaphub.security;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The jti of every accepted client assertion, in the shared database, so that nodes behind one load balancer refuse
 * a replay that another node accepted: the first insert of a (client, jti) wins on the primary key, atomically, on H2
 * and MariaDB alike. A row is kept until its assertion has expired (at most about six minutes); each node deletes
 * expired rows at most once a minute, so the table holds only a few minutes of assertions.
 */
@Repository
class UsedClientAssertions implements ClientAssertionValidator.ReplayCheck {

    private static final Duration CLEANUP_INTERVAL = Duration.ofMinutes(1);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AtomicLong nextCleanup = new AtomicLong();

    UsedClientAssertions(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.clock = Clock.systemUTC();
    }

    @Override
    public boolean firstUse(String clientId, String jti, Instant keepUntil) {
        long now = Instant.now(clock).getEpochSecond();
        cleanUp(now);
        String key = key(clientId, jti);
        try {
            jdbc.sql("INSERT INTO KAP_CLIENT_ASSERTION (ASSERTION_KEY, EXPIRES_AT) VALUES (?, ?)")
                    .params(key, keepUntil.getEpochSecond()).update();
            return true;
        } catch (DuplicateKeyException used) {
            // used before; a row whose assertion expired but was not deleted yet no longer counts
            return jdbc.sql("UPDATE KAP_CLIENT_ASSERTION SET EXPIRES_AT = ? WHERE ASSERTION_KEY = ? AND EXPIRES_AT < ?")
                    .params(keepUntil.getEpochSecond(), key, now).update() == 1;
        }
    }

    private void cleanUp(long now) {
        long due = nextCleanup.get();
        if (now >= due && nextCleanup.compareAndSet(due, now + CLEANUP_INTERVAL.toSeconds())) {
            jdbc.sql("DELETE FROM KAP_CLIENT_ASSERTION WHERE EXPIRES_AT < ?").params(now).update();
        }
    }

    /** A jti is the client's to choose (any length, any characters): stored as a hash with the client id. */
    static String key(String clientId, String jti) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(clientId.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            return HexFormat.of().formatHex(sha256.digest(jti.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
