package org.kaphub.delivery.dispatch;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import liquibase.Liquibase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kaphub.partners.Partner;
import org.kaphub.partners.PartnerRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Claiming on our Liquibase tables in an in-memory H2 (the embedded database; MariaDB takes the same SQL), with two
 * "nodes" — two DeliveryClaims of different node names on one database — claiming at once from several threads.
 */
class DeliveryClaimsTest {

    private static HikariDataSource database;
    private static JdbcClient jdbc;
    private static DataSourceTransactionManager transactions;
    private static final List<Partner> PARTNERS = List.of(partner("p1"), partner("p2"), partner("p3"));

    @BeforeAll
    static void database() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:claims-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
        config.setUsername("sa");
        config.setMaximumPoolSize(12);
        database = new HikariDataSource(config);
        try (Connection connection = database.getConnection()) {
            new Liquibase("db/changelog/db.changelog-master.yaml", new ClassLoaderResourceAccessor(),
                    new JdbcConnection(connection)).update("");
        }
        jdbc = JdbcClient.create(database);
        transactions = new DataSourceTransactionManager(database);
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @BeforeEach
    void empty() {
        jdbc.sql("DELETE FROM KAP_OUTBOX").update();
        jdbc.sql("DELETE FROM KAP_DELIVERY_PARTNER").update();
    }

    @Test
    void twoNodesNeverHoldOneRowAtOnceAndEveryQueueGoesOutInIdOrder() throws Exception {
        // 3 partners × 8 patients × 6 rows, written interleaved so that each queue's ids are spread out
        for (int row = 0; row < 6; row++) {
            for (Partner partner : PARTNERS) {
                for (int patient = 0; patient < 8; patient++) {
                    insert(partner.id(), "Patient/" + patient, null, Instant.now());
                }
            }
        }
        OutboxTable table = new OutboxTable(jdbc);
        List<DeliveryClaims> nodes = List.of(claims("node-a", Duration.ofMinutes(1)), claims("node-b", Duration.ofMinutes(1)));
        Set<Long> held = ConcurrentHashMap.newKeySet();
        Map<String, List<Long>> sent = new ConcurrentHashMap<>();
        List<String> violations = new CopyOnWriteArrayList<>();
        ExecutorService workers = Executors.newFixedThreadPool(6);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
            DeliveryClaims node = nodes.get(w % 2);
            running.add(workers.submit(() -> {
                Instant until = Instant.now().plusSeconds(60);
                while (Instant.now().isBefore(until) && pending() > 0) {
                    for (Delivery delivery : node.claimDue()) {
                        Optional<Delivery> next = Optional.of(delivery);
                        while (next.isPresent()) {
                            Delivery current = next.get();
                            for (long id : current.ids()) {
                                if (!held.add(id)) {
                                    violations.add("row " + id + " claimed while held");
                                }
                            }
                            List<Long> queue = sent.computeIfAbsent(current.partnerId() + " " + current.orderKey(),
                                    k -> new CopyOnWriteArrayList<>());
                            queue.addAll(current.ids());
                            current.ids().forEach(held::remove);
                            int written = table.delivered(current.ids(), current.claim(), 200, null, Instant.now());
                            if (written != current.ids().size()) {
                                violations.add("outcome of " + current.ids() + " not written");
                            }
                            next = node.claimNext(current);
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : running) {
            worker.get(90, TimeUnit.SECONDS);
        }
        workers.shutdown();

        assertThat(violations).isEmpty();
        assertThat(pending()).isZero();
        assertThat(sent).hasSize(24);
        List<Long> all = sent.values().stream().flatMap(List::stream).toList();
        assertThat(all).hasSize(144).doesNotHaveDuplicates();
        sent.values().forEach(queue -> assertThat(queue).isSorted());
    }

    @Test
    void aRowOfANodeWhoseLeaseRanOutIsTakenAgainAndTheFirstNodeCanNoLongerSettleIt() throws Exception {
        long row = insert("p1", "Patient/1", null, Instant.now());
        DeliveryClaims a = claims("node-a", Duration.ofMillis(200));
        DeliveryClaims b = claims("node-b", Duration.ofMillis(200));
        Delivery first = a.claimDue().get(0);
        assertThat(b.claimDue()).as("held under a's lease").isEmpty();

        Thread.sleep(300); // a's lease (200 ms) runs out: a died, or hangs
        Delivery second = b.claimDue().get(0);
        assertThat(second.ids()).containsExactly(row);
        assertThat(second.claim()).startsWith("node-b/").isNotEqualTo(first.claim());
        OutboxTable table = new OutboxTable(jdbc);
        assertThat(table.delivered(first.ids(), first.claim(), 200, null, Instant.now())).isZero();
        assertThat(table.delivered(second.ids(), second.claim(), 200, null, Instant.now())).isOne();
    }

    @Test
    void aPausedPartnerAndOneWithAnOpenCircuitHoldOnlyTheirOwnQueue() {
        insert("p1", "Patient/1", null, Instant.now());
        insert("p2", "Patient/1", null, Instant.now());
        long p3 = insert("p3", "Patient/1", null, Instant.now());
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("INSERT INTO KAP_DELIVERY_PARTNER (PARTNER_ID, PAUSED, CONSECUTIVE_FAILURES, UPDATED_AT) VALUES ('p1', TRUE, 0, ?)")
                .param(now).update();
        jdbc.sql("INSERT INTO KAP_DELIVERY_PARTNER (PARTNER_ID, PAUSED, CONSECUTIVE_FAILURES, CIRCUIT_OPEN_UNTIL, UPDATED_AT) "
                + "VALUES ('p2', FALSE, 5, ?, ?)").params(Timestamp.from(Instant.now().plusSeconds(60)), now).update();

        assertThat(claims("node-a", Duration.ofMinutes(1)).claimDue()).singleElement()
                .satisfies(delivery -> assertThat(delivery.ids()).containsExactly(p3));
    }

    @Test
    void theRowsOfAWriteGroupRightBehindTheHeadAreClaimedWithItAndNotRowsBeyondIt() {
        long head = insert("p1", "Patient/1", "g1", Instant.now());
        long score = insert("p1", "Patient/1", "g1", Instant.now());
        long other = insert("p1", "Patient/1", "g2", Instant.now());
        long laterOfG1 = insert("p1", "Patient/1", "g1", Instant.now());

        List<Delivery> claimed = claims("node-a", Duration.ofMinutes(1)).claimDue();
        assertThat(claimed).singleElement().satisfies(delivery -> assertThat(delivery.ids()).containsExactly(head, score));
        assertThat(jdbc.sql("SELECT STATUS FROM KAP_OUTBOX WHERE ID IN (?, ?)").params(other, laterOfG1)
                .query(String.class).list()).containsOnly("QUEUED");
    }

    @Test
    void aSenderDoneWithItsPatientTakesAnotherPatientsRowOfThePartnerWithoutWaitingForThePoll() {
        // per-partner 4: the poll claims 4 heads; each sender, once done, goes on with a head of another queue
        List<Long> rows = new ArrayList<>();
        for (int patient = 0; patient < 10; patient++) {
            rows.add(insert("p1", "Patient/" + patient, null, Instant.now()));
        }
        DeliveryClaims node = claims("node-a", Duration.ofMinutes(1));
        OutboxTable table = new OutboxTable(jdbc);
        List<Delivery> polled = node.claimDue();
        assertThat(polled).hasSize(4);

        List<Long> sentBySenders = new ArrayList<>();
        for (Delivery delivery : polled) {
            Optional<Delivery> next = Optional.of(delivery);
            while (next.isPresent()) {
                Delivery current = next.get();
                sentBySenders.addAll(current.ids());
                table.delivered(current.ids(), current.claim(), 200, null, Instant.now());
                next = node.claimNext(current);
            }
        }

        assertThat(sentBySenders).containsExactlyInAnyOrderElementsOf(rows);
        assertThat(pending()).isZero();
    }

    @Test
    void aSenderTakesNoOtherQueueOfAPartnerAtItsLimit() {
        for (int patient = 0; patient < 6; patient++) {
            insert("p1", "Patient/" + patient, null, Instant.now());
        }
        DeliveryClaims node = claims("node-a", Duration.ofMinutes(1));
        OutboxTable table = new OutboxTable(jdbc);
        List<Delivery> polled = node.claimDue();
        assertThat(polled).hasSize(4);
        Delivery first = polled.get(0);
        table.delivered(first.ids(), first.claim(), 200, null, Instant.now());
        // before node-a's sender asks for more, node-b's poll takes the free place …
        assertThat(claims("node-b", Duration.ofMinutes(1)).claimDue()).singleElement()
                .satisfies(delivery -> assertThat(delivery.partnerId()).isEqualTo("p1"));

        // … so the partner is at its limit of 4 in flight again
        assertThat(node.claimNext(first)).isEmpty();
    }

    @Test
    void aRowNotYetDueHoldsTheRowsBehindIt() {
        insert("p1", "Patient/1", null, Instant.now().plusSeconds(60)); // backing off after a failure
        insert("p1", "Patient/1", null, Instant.now());
        long otherPatient = insert("p1", "Patient/2", null, Instant.now());

        assertThat(claims("node-a", Duration.ofMinutes(1)).claimDue()).singleElement()
                .satisfies(delivery -> assertThat(delivery.ids()).containsExactly(otherPatient));
    }

    private static int pending() {
        return jdbc.sql("SELECT COUNT(*) FROM KAP_OUTBOX WHERE STATUS <> 'DELIVERED'").query(Integer.class).single();
    }

    private static long insert(String partner, String orderKey, String group, Instant due) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("INSERT INTO KAP_OUTBOX (PARTNER_ID, ORDER_KEY, RESOURCE_TYPE, RESOURCE_ID, RESOURCE_VERSION, OPERATION, "
                        + "WRITE_GROUP, PART2, STATUS, ATTEMPTS, NEXT_ATTEMPT_AT, CREATED_AT, UPDATED_AT) "
                        + "VALUES (?, ?, 'Observation', ?, 1, 'CREATE', ?, FALSE, 'QUEUED', 0, ?, ?, ?)")
                .params(partner, orderKey, UUID.randomUUID().toString(), group, Timestamp.from(due), now, now)
                .update();
        return jdbc.sql("SELECT MAX(ID) FROM KAP_OUTBOX").query(Long.class).single();
    }

    private static DeliveryClaims claims(String node, Duration lease) {
        DispatchProperties properties = new DispatchProperties(true, Duration.ofMillis(100), 8, 4, lease,
                Duration.ofSeconds(1), Duration.ofSeconds(60), 0.2, Duration.ofHours(1), 50, Duration.ofDays(3), 5,
                Duration.ofSeconds(60), node);
        return new DeliveryClaims(new OutboxTable(jdbc), new PartnerStates(jdbc), registry(), properties, transactions);
    }

    private static Partner partner(String id) {
        return new Partner(id, id, Partner.Kind.CLINIC, Partner.Protocol.FHIR_REST, "http://127.0.0.1:1/fhir",
                Set.of("Observation"), false, true, Set.of(), List.of(), Set.of(), List.of(), List.of(), Set.of());
    }

    private static PartnerRegistry registry() {
        return new PartnerRegistry() {
            @Override
            public List<Partner> all() {
                return PARTNERS;
            }

            @Override
            public Optional<Partner> byId(String id) {
                return PARTNERS.stream().filter(p -> p.id().equals(id)).findFirst();
            }

            @Override
            public Optional<Partner> byClientId(String clientId) {
                return Optional.empty();
            }

            @Override
            public Optional<Partner> anyByClientId(String clientId) {
                return Optional.empty();
            }

            @Override
            public Optional<Partner> byCertificateSubject(String subject) {
                return Optional.empty();
            }

            @Override
            public Optional<Partner> byHl7v2Sender(String application, String facility) {
                return Optional.empty();
            }

            @Override
            public boolean namesHl7v2Senders() {
                return false;
            }
        };
    }
}
