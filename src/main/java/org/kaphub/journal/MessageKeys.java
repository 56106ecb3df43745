package org.kaphub.journal;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * Idempotency of inbound messages: the (sender, MSH-10) of every accepted message with its content hash. The row is
 * inserted inside the transaction that stores the FHIR resources, before them, so of two concurrent copies the second
 * waits on the first's key and then fails on the primary key; nothing of it is written.
 */
@Repository
public class MessageKeys {

    private static final int MAX_SENDER = 255;
    private static final int MAX_CONTROL_ID = 199;

    private final JdbcClient jdbc;

    public MessageKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The accepted message this key belongs to, if any. */
    public Optional<Claim> find(String sender, String controlId) {
        return jdbc.sql("SELECT CONTENT_SHA256, JOURNAL_ID FROM KAP_MESSAGE_KEY WHERE SENDER = ? AND CONTROL_ID = ?")
                .params(clip(sender, MAX_SENDER), clip(controlId, MAX_CONTROL_ID))
                .query((rs, row) -> new Claim(rs.getString(1), rs.getLong(2)))
                .optional();
    }

    /**
     * Claims the key inside the caller's transaction.
     *
     * @throws AlreadyClaimed when another message holds it (possibly committed while this one waited)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void claim(String sender, String controlId, String contentSha256, long journalId) {
        try {
            insert(sender, controlId, contentSha256, journalId);
        } catch (DuplicateKeyException e) {
            throw new AlreadyClaimed();
        }
    }

    private void insert(String sender, String controlId, String contentSha256, long journalId) {
        jdbc.sql("INSERT INTO KAP_MESSAGE_KEY (SENDER, CONTROL_ID, CONTENT_SHA256, JOURNAL_ID, CREATED_AT) VALUES (?, ?, ?, ?, ?)")
                .params(clip(sender, MAX_SENDER), clip(controlId, MAX_CONTROL_ID), contentSha256, journalId,
                        Timestamp.from(Instant.now()))
                .update();
    }

    /**
     * The hash a resend is compared with: the message text with segment ends normalised and MSH-7 (date/time of
     * message) blanked, since interface engines commonly restamp MSH-7 when they resend.
     */
    public static String contentHash(String text) {
        String normalised = text.startsWith("\uFEFF") ? text.substring(1) : text;
        normalised = normalised.replace("\r\n", "\r").replace('\n', '\r');
        while (normalised.endsWith("\r")) {
            normalised = normalised.substring(0, normalised.length() - 1);
        }
        if (normalised.length() > 3 && normalised.startsWith("MSH")) {
            char separator = normalised.charAt(3);
            int end = normalised.indexOf('\r');
            String msh = end < 0 ? normalised : normalised.substring(0, end);
            String[] fields = msh.split(java.util.regex.Pattern.quote(String.valueOf(separator)), -1);
            if (fields.length > 6) {
                fields[6] = "";
            }
            normalised = String.join(String.valueOf(separator), fields) + (end < 0 ? "" : normalised.substring(end));
        }
        return MessageJournal.sha256(normalised.getBytes(StandardCharsets.UTF_8));
    }

    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    /** The key is held by another message: a copy of this one, committed first. */
    public static final class AlreadyClaimed extends RuntimeException {
        AlreadyClaimed() {
            super("The idempotency key is held by another message", null, false, false);
        }
    }

    public record Claim(String contentSha256, long journalId) {
    }
}
