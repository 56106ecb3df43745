package org.kaphub.hl7v2.inbound;

import ca.uhn.hl7v2.ErrorCode;
import liquibase.Liquibase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Provenance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kaphub.hl7v2.Acks;
import org.kaphub.hl7v2.Hl7v2Fixtures;
import org.kaphub.hl7v2.LearnedNamespaces;
import org.kaphub.hl7v2.UnparseableMessageException;
import org.kaphub.hl7v2.mapping.MappingException;
import org.kaphub.journal.JournalEntry;
import org.kaphub.journal.JournalStatus;
import org.kaphub.journal.MessageJournal;
import org.kaphub.journal.MessageKeys;
import org.kaphub.partners.Partner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The inbound route's steps, each called as the route calls it but without Camel: journal, check-size, parse, map,
 * the resend check, the replay and the copy-in-flight answer, on our own tables (Liquibase) in an in-memory H2.
 */
class InboundStepsTest {

    private static final Partner PARTNER = Hl7v2Senders.developmentPartner();
    private static final InboundMessage.Connection CONNECTION = new InboundMessage.Connection("hl7v2-inbound", "127.0.0.1:1234", null);

    private static SingleConnectionDataSource database;
    private static MessageJournal journal;
    private static MessageKeys keys;
    private static TransactionTemplate transaction;
    private static LearnedNamespaces namespaces;
    private static final List<String> audited = new ArrayList<>();

    private final Journaling journaling = new Journaling(journal, 2048);
    private final Parsing parsing = new Parsing(Hl7v2Fixtures.PARSER, Hl7v2Fixtures.MAPPERS);
    private final Mapping mapping = new Mapping(Hl7v2Fixtures.MAPPERS, Hl7v2Fixtures.CONTEXT, namespaces, Hl7v2Fixtures.DISPLAYS);
    private final InboundAudit audit = new InboundAudit(null, null) {
        @Override
        void answered(InboundMessage message, String ackCode) {
            audited.add(message.journalId() + " " + ackCode);
        }
    };
    private final Resends resends = new Resends(keys, journal, audit,
            new Answers(new Acks(Hl7v2Fixtures.PARSER), journal, audit));

    @BeforeAll
    static void database() throws Exception {
        database = new SingleConnectionDataSource("jdbc:h2:mem:steps-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", true);
        try (Connection connection = database.getConnection()) {
            new Liquibase("db/changelog/db.changelog-master.yaml", new ClassLoaderResourceAccessor(),
                    new JdbcConnection(connection)).update("");
        }
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(database);
        journal = new MessageJournal(JdbcClient.create(database), transactions);
        keys = new MessageKeys(JdbcClient.create(database));
        transaction = new TransactionTemplate(transactions);
        namespaces = new LearnedNamespaces(JdbcClient.create(database));
    }

    @AfterAll
    static void close() {
        database.destroy();
    }

    @Test
    void journalKeepsTheFrameAndReadsTheHeaderBeforeAnythingIsParsed() {
        InboundMessage in = journaling.journal(bytes(adt("CTL-J1")), "hl7v2-inbound", "127.0.0.1:1234", null);
        assertThat(in.journalId()).isNotNull();
        assertThat(in.header()).isEqualTo(new InboundMessage.Header("SENDAPP", "SENDFAC", "CTL-J1", "ADT^A04", "2.5.1"));
        assertThat(in.parsed()).isNull();
        JournalEntry entry = journal.find(in.journalId()).orElseThrow();
        assertThat(entry.status()).isEqualTo(JournalStatus.RECEIVED);
        assertThat(journal.rawMessage(in.journalId()).orElseThrow()).isEqualTo(bytes(adt("CTL-J1")));
    }

    @Test
    void anOversizeFrameIsJournaledUpToTheLimitAndThenRefused() throws Exception {
        byte[] big = bytes(adt("CTL-BIG") + "\rNTE|1||" + "x".repeat(5000));
        InboundMessage in = journaling.journal(big, "hl7v2-inbound", null, null);
        assertThat(in.raw()).hasSize(2048);
        assertThat(in.receivedBytes()).isEqualTo(big.length);
        assertThat(journal.rawMessage(in.journalId()).orElseThrow()).hasSize(2048);
        assertThatThrownBy(() -> journaling.checkSize(in)).isInstanceOf(MessageTooLargeException.class)
                .hasMessageContaining("limit is 2048 bytes");
        InboundMessage small = journaling.journal(bytes(adt("CTL-SMALL")), "hl7v2-inbound", null, null);
        assertThat(journaling.checkSize(small)).isSameAs(small);
    }

    @Test
    void parseNamesTheSenderControlIdAndContentHashAndRefusesWhatNoMapperTakes() throws Exception {
        InboundMessage in = parsing.parse(received(adt("CTL-P1")));
        assertThat(in.parsed()).isNotNull();
        assertThat(in.sender()).isEqualTo("SENDAPP|SENDFAC");
        assertThat(in.controlId()).isEqualTo("CTL-P1");
        assertThat(in.contentHash()).isEqualTo(MessageKeys.contentHash(adt("CTL-P1")));

        assertThatThrownBy(() -> parsing.parse(received(adt("CTL-P2").replace("ADT^A04^ADT_A01", "ADT^A99"))))
                .isInstanceOfSatisfying(UnparseableMessageException.class,
                        e -> assertThat(e.getError()).isEqualTo(ErrorCode.UNSUPPORTED_EVENT_CODE));
        assertThatThrownBy(() -> parsing.parse(received(adt("CTL-P3").replace("ADT^A04^ADT_A01", "ZZZ^Z01"))))
                .isInstanceOfSatisfying(UnparseableMessageException.class,
                        e -> assertThat(e.getError()).isEqualTo(ErrorCode.UNSUPPORTED_MESSAGE_TYPE));
        assertThatThrownBy(() -> parsing.parse(received(adt("").replace("|P|2.5.1", "|P|2.5.1"))))
                .isInstanceOfSatisfying(UnparseableMessageException.class,
                        e -> assertThat(e.getError()).isEqualTo(ErrorCode.REQUIRED_FIELD_MISSING));
        assertThatThrownBy(() -> parsing.parse(received("not HL7 at all")))
                .isInstanceOf(UnparseableMessageException.class).hasMessageNotContaining("not HL7");
    }

    @Test
    void mapMakesTheTransactionWithAProvenanceNamingTheJournalEntry() throws Exception {
        InboundMessage in = parsing.parse(received(adt("CTL-M1"))).attributedTo(PARTNER);
        Bundle transaction = mapping.map(in).transaction();
        assertThat(transaction.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
        assertThat(transaction.getEntry()).extracting(e -> e.getResource().fhirType()).contains("Patient", "Provenance");
        Provenance provenance = (Provenance) transaction.getEntry().stream()
                .filter(e -> e.getResource() instanceof Provenance).findFirst().orElseThrow().getResource();
        assertThat(provenance.getEntityFirstRep().getWhat().getIdentifier().getValue()).isEqualTo(String.valueOf(in.journalId()));
    }

    @Test
    void mapCarriesWhatTheMessageTaughtAndTheTableRemembersItPerPartnerOnlyWhenCommitted() throws Exception {
        String oid = "urn:oid:2.16.840.1.113883.3.9999.5";
        InboundMessage in = parsing.parse(received(adt("CTL-N1").replace("^^^SENDFAC^MR", "^^^MAPLE&2.16.840.1.113883.3.9999.5&ISO^MR")))
                .attributedTo(PARTNER);
        InboundMessage mapped = mapping.map(in);
        assertThat(mapped.learnedNamespaces()).containsExactly(java.util.Map.entry("MAPLE", oid));

        // rolled back with the message's writes: nothing learned
        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
            namespaces.learn(PARTNER.id(), mapped.learnedNamespaces(), 1L);
            throw new IllegalStateException("the FHIR write failed");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(namespaces.of(PARTNER.id())).isEmpty();

        transaction.executeWithoutResult(status -> namespaces.learn(PARTNER.id(), mapped.learnedNamespaces(), 1L));
        assertThat(namespaces.of(PARTNER.id())).containsExactly(java.util.Map.entry("MAPLE", oid));
        assertThat(namespaces.of("another-partner")).isEmpty();
        // the next message of that partner sends the namespace alone: the same system, nothing new to learn
        InboundMessage alone = mapping.map(parsing.parse(received(adt("CTL-N2").replace("^^^SENDFAC^MR", "^^^MAPLE^MR")))
                .attributedTo(PARTNER));
        assertThat(alone.learnedNamespaces()).isEmpty();
        assertThat(alone.transaction().getEntryFirstRep().getRequest().getUrl()).startsWith("Patient?identifier=" + oid + "|MRN-STEPS,");
        // a concurrent message that taught the same is fine, one that taught another system is not; case matters
        transaction.executeWithoutResult(status -> namespaces.learn(PARTNER.id(), java.util.Map.of("MAPLE", oid, "maple", "urn:oid:1.2"), 2L));
        assertThatThrownBy(() -> transaction.executeWithoutResult(status ->
                namespaces.learn(PARTNER.id(), java.util.Map.of("MAPLE", "urn:oid:1.3"), 3L)))
                .isInstanceOf(org.springframework.dao.DuplicateKeyException.class);
        assertThat(namespaces.of(PARTNER.id())).containsOnly(java.util.Map.entry("MAPLE", oid), java.util.Map.entry("maple", "urn:oid:1.2"));
    }

    @Test
    void aResendOfAnAcceptedMessageIsReplayedWithTheOriginalAckAndADifferentContentIsAnError() throws Exception {
        InboundMessage original = accepted(adt("CTL-R1"), "MSA|AA|CTL-R1");
        InboundMessage resend = parsing.parse(journaling.journal(bytes(adt("CTL-R1")), "hl7v2-inbound", null, null)).attributedTo(PARTNER);

        InboundMessage checked = resends.check(resend);
        assertThat(checked.resend()).isTrue();
        assertThat(checked.resendOf()).isEqualTo(original.journalId());
        assertThat(resends.replay(checked)).isEqualTo("MSA|AA|CTL-R1");
        assertThat(journal.find(resend.journalId()).orElseThrow().status()).isEqualTo(JournalStatus.DUPLICATE);
        assertThat(audited).contains(resend.journalId() + " AA");

        InboundMessage reuse = parsing.parse(received(adt("CTL-R1").replace("DOE", "ROE"))).attributedTo(PARTNER);
        assertThatThrownBy(() -> resends.check(reuse)).isInstanceOfSatisfying(MappingException.class,
                e -> assertThat(e.getError()).isEqualTo(ErrorCode.DUPLICATE_KEY_IDENTIFIER));
        assertThat(resends.check(parsing.parse(received(adt("CTL-R2"))).attributedTo(PARTNER)).resend()).isFalse();
    }

    @Test
    void aCopyThatLostTheRaceForTheKeyIsAnsweredAsTheResendItIs() throws Exception {
        InboundMessage copy = parsing.parse(journaling.journal(bytes(adt("CTL-C1")), "hl7v2-inbound", null, null)).attributedTo(PARTNER);
        // the route's store step saw no claim, then the other copy committed first: the key refuses this one
        accepted(adt("CTL-C1"), "MSA|AA|CTL-C1");
        assertThatThrownBy(() -> transaction.executeWithoutResult(status ->
                keys.claim(copy.keySender(), copy.controlId(), copy.contentHash(), copy.journalId())))
                .isInstanceOf(MessageKeys.AlreadyClaimed.class);

        assertThat(resends.answerCopyInFlight(copy)).isEqualTo("MSA|AA|CTL-C1");
        assertThat(journal.find(copy.journalId()).orElseThrow().status()).isEqualTo(JournalStatus.DUPLICATE);
    }

    /** A message journaled, parsed and accepted as the store step would (key and journal; no FHIR here). */
    private InboundMessage accepted(String text, String ack) throws Exception {
        InboundMessage in = parsing.parse(journaling.journal(bytes(text), "hl7v2-inbound", null, null)).attributedTo(PARTNER);
        transaction.executeWithoutResult(status -> {
            keys.claim(in.keySender(), in.controlId(), in.contentHash(), in.journalId());
            journal.markAccepted(in.journalId(), ack, List.of());
        });
        return in;
    }

    private InboundMessage received(String text) {
        return InboundMessage.received(CONNECTION, RawText.header(text), bytes(text), text.length()).journaled(1);
    }

    private static String adt(String controlId) {
        return "MSH|^~\\&|SENDAPP|SENDFAC|KAPHUB|KAP|20240101120000||ADT^A04^ADT_A01|" + controlId + "|P|2.5.1\r"
                + "EVN|A04|20240101120000\r"
                + "PID|1||MRN-STEPS^^^SENDFAC^MR||DOE^JANE||19800101|F\r";
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
