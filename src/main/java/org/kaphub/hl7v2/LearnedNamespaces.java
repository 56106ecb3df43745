package org.kaphub.hl7v2;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The assigning-authority namespace ids each partner has sent with a universal id (Liquibase
 * {@code assigning-authorities.yaml}): from then on the namespace id alone names that system for that partner
 * ({@link org.kaphub.hl7v2.mapping.datatype.IdentifierSystems#forSender}). A row is written in the transaction of the
 * message that taught it, so a message that is not stored teaches nothing; it is never changed afterwards.
 */
@Repository
public class LearnedNamespaces {

    private static final int MAX_TEXT = 1000;

    private final JdbcClient jdbc;

    public LearnedNamespaces(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Namespace id → system, as learned from this partner. */
    public Map<String, String> of(String partnerId) {
        Map<String, String> learned = new HashMap<>();
        // PARTNER_ID compared again in Java: a case-insensitive collation would also return another spelling's rows
        jdbc.sql("SELECT PARTNER_ID, NAMESPACE_ID, SYSTEM_URI FROM KAP_ASSIGNING_AUTHORITY WHERE PARTNER_ID = ?")
                .param(partnerId)
                .query(rs -> {
                    if (partnerId.equals(rs.getString(1))) {
                        learned.put(rs.getString(2), rs.getString(3));
                    }
                });
        return learned;
    }

    /**
     * Stores what a message taught, inside its transaction. A copy learned meanwhile by a concurrent message of the
     * same partner is fine when it names the same system; another system fails this message (it is answered AE, and
     * its resend meets the stored mapping: 103 at the field).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void learn(String partnerId, Map<String, String> namespaces, long journalId) {
        Timestamp now = Timestamp.from(Instant.now());
        namespaces.forEach((namespace, system) -> {
            if (namespace.length() > MAX_TEXT || system.length() > MAX_TEXT) {
                return; // longer than any real HD; the message is still mapped, only not remembered
            }
            try {
                jdbc.sql("""
                                INSERT INTO KAP_ASSIGNING_AUTHORITY
                                    (NAMESPACE_KEY, PARTNER_ID, NAMESPACE_ID, SYSTEM_URI, LEARNED_AT, JOURNAL_ID)
                                VALUES (?, ?, ?, ?, ?, ?)""")
                        .params(key(partnerId, namespace), partnerId, namespace, system, now, journalId)
                        .update();
            } catch (DuplicateKeyException e) {
                if (!system.equals(of(partnerId).get(namespace))) {
                    throw e;
                }
            }
        });
    }

    /** The primary key: exact (case-sensitive) on every database, whatever its collation. */
    private static String key(String partnerId, String namespace) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((partnerId + '\0' + namespace).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
