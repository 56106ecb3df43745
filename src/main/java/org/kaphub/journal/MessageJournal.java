package org.kaphub.journal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Every message in, kept raw and durable before anything else happens to it, then marked with what
 * became of it. Rows are written through the same DataSource as HAPI, so marking a message accepted
 * commits together with the FHIR resources it produced.
 */
@Repository
public class MessageJournal {

    private static final int MAX_ERROR_TEXT = 1000;
    private static final int MAX_RESOURCE_IDS = 4000;

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;

    public MessageJournal(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Stores the message in a transaction of its own, committed on return: only then may it be processed. */
    public long recordReceived(ReceivedMessage message) {
        Timestamp now = Timestamp.from(Instant.now());
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        ownTransaction.executeWithoutResult(status -> jdbc.sql("""
                        INSERT INTO KAP_MESSAGE_JOURNAL (DIRECTION, CHANNEL, RECEIVED_AT, UPDATED_AT, REMOTE_ADDRESS,
                          SENDING_APPLICATION, SENDING_FACILITY, CONTROL_ID, MESSAGE_TYPE, HL7_VERSION,
                          CONTENT_SHA256, RAW_MESSAGE, STATUS)
                        VALUES ('IN', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'RECEIVED')""")
                .params(message.channel(), now, now, clip(message.remoteAddress(), 100),
                        clip(message.sendingApplication(), 227), clip(message.sendingFacility(), 227),
                        clip(message.controlId(), 199), clip(message.messageType(), 20), clip(message.version(), 10),
                        sha256(message.raw()), message.raw())
                .update(key, "ID"));
        return key.getKey().longValue();
    }

    /** Marks the message accepted inside the caller's transaction, so it commits with the FHIR writes or not at all. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void markAccepted(long id, String ack, List<String> resourceIds) {
        update(id, JournalStatus.ACCEPTED, "AA", ack, null, String.join(" ", resourceIds));
    }

    /** Records a failure in a transaction of its own: the caller's transaction may just have rolled back. */
    public void markFailed(long id, JournalStatus status, String ackCode, String ack, String errorText) {
        ownTransaction.executeWithoutResult(tx -> update(id, status, ackCode, ack, errorText, null));
    }

    /** A resend of an accepted message: kept as its own row, answered with the original's ACK. */
    public void markDuplicate(long id, long originalId, String ackCode, String ack) {
        ownTransaction.executeWithoutResult(tx -> update(id, JournalStatus.DUPLICATE, ackCode, ack,
                "Duplicate of journal entry " + originalId + " (same sender, MSH-10 and content); nothing written", null));
    }

    public Optional<JournalEntry> find(long id) {
        return jdbc.sql("""
                        SELECT ID, DIRECTION, CHANNEL, RECEIVED_AT, SENDING_APPLICATION, SENDING_FACILITY, CONTROL_ID,
                          MESSAGE_TYPE, HL7_VERSION, CONTENT_SHA256, STATUS, ACK_CODE, ACK_MESSAGE, ERROR_TEXT, RESOURCE_IDS
                        FROM KAP_MESSAGE_JOURNAL WHERE ID = ?""")
                .param(id)
                .query((rs, row) -> new JournalEntry(rs.getLong("ID"), rs.getString("DIRECTION"), rs.getString("CHANNEL"),
                        rs.getTimestamp("RECEIVED_AT").toInstant(), rs.getString("SENDING_APPLICATION"),
                        rs.getString("SENDING_FACILITY"), rs.getString("CONTROL_ID"), rs.getString("MESSAGE_TYPE"),
                        rs.getString("HL7_VERSION"), rs.getString("CONTENT_SHA256"),
                        JournalStatus.valueOf(rs.getString("STATUS")), rs.getString("ACK_CODE"),
                        rs.getString("ACK_MESSAGE"), rs.getString("ERROR_TEXT"), rs.getString("RESOURCE_IDS")))
                .optional();
    }

    public Optional<byte[]> rawMessage(long id) {
        return jdbc.sql("SELECT RAW_MESSAGE FROM KAP_MESSAGE_JOURNAL WHERE ID = ?").param(id)
                .query((rs, row) -> rs.getBytes(1)).optional();
    }

    private void update(long id, JournalStatus status, String ackCode, String ack, String errorText, String resourceIds) {
        int rows = jdbc.sql("""
                        UPDATE KAP_MESSAGE_JOURNAL SET STATUS = ?, ACK_CODE = ?, ACK_MESSAGE = ?, ERROR_TEXT = ?,
                          RESOURCE_IDS = ?, UPDATED_AT = ? WHERE ID = ?""")
                .params(status.name(), ackCode, ack, clip(errorText, MAX_ERROR_TEXT), clip(resourceIds, MAX_RESOURCE_IDS),
                        Timestamp.from(Instant.now()), id)
                .update();
        if (rows != 1) {
            throw new IllegalStateException("Journal entry " + id + " not found");
        }
    }

    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    static String sha256(byte[] raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

}
