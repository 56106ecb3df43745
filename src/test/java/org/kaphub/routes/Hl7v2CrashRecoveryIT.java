package org.kaphub.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kaphub.support.MllpClient;
import org.kaphub.support.ServerProcess;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * "Every accepted HL7 v2 message is durable before its ACK, and a kill -9 mid-stream loses or duplicates nothing",
 * against the packaged jar in its own process (not the shared Spring test context):
 * <ol>
 *     <li>start {@code target/kap-hub.jar} (development mode, embedded H2 in a temporary data directory);</li>
 *     <li>one MLLP connection sends {@value #MESSAGES} distinct ADT^A04 (distinct MSH-10, distinct MRN); after
 *     {@value #KILL_AFTER_ACKS} AAs the server gets SIGKILL while the sender is still sending;</li>
 *     <li>restart on the same data directory and ports: every message answered AA before the kill has its Patient
 *     (durable before its ACK);</li>
 *     <li>the sender's part: resend every message, same bytes: each is answered AA (the ones acknowledged before
 *     the kill with their original ACK, as duplicates), and every MRN has exactly one Patient, and there is exactly
 *     one Provenance per message (nothing lost, nothing stored twice).</li>
 * </ol>
 * Linux/macOS only (SIGKILL through {@code kill -9}).
 */
class Hl7v2CrashRecoveryIT {

    private static final int MESSAGES = 200;
    private static final int KILL_AFTER_ACKS = 30;
    private static final String FIXTURE = "/hl7v2/in/adt-a04-v251.hl7";
    /** The mapper's system for an MRN whose assigning authority is the namespace SOUTHCLINIC (kap.hl7v2.identifier-system-base default). */
    private static final String MRN_SYSTEM = "https://kaphub.org/fhir/sid/SOUTHCLINIC";
    private static final Duration READINESS_TIMEOUT = Duration.ofSeconds(180);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private final List<ServerProcess> started = new ArrayList<>();

    @AfterEach
    void killServers() throws InterruptedException {
        for (ServerProcess server : started) {
            server.close();
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void aKillMidStreamLosesAndDuplicatesNothingOfWhatWasAcknowledged() throws Exception {
        Path dataDir = Files.createDirectories(work.resolve("data"));
        int httpPort = ServerProcess.freePort();
        int mllpPort = ServerProcess.freePort();

        String run = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        List<String> controlIds = new ArrayList<>();
        List<String> mrns = new ArrayList<>();
        List<byte[]> messages = new ArrayList<>();
        String template = fixture();
        for (int i = 0; i < MESSAGES; i++) {
            String controlId = "CRASH-" + run + "-" + i;
            String mrn = "CR" + run + "-" + i;
            controlIds.add(controlId);
            mrns.add(mrn);
            messages.add(adtA04(template, controlId, mrn).getBytes(StandardCharsets.UTF_8));
        }

        // 1. first start, the sender's stream, SIGKILL mid-stream
        long t0 = System.nanoTime();
        ServerProcess first = start(dataDir, httpPort, mllpPort, work.resolve("server-1.log"));
        log("first start ready after %d s", seconds(t0));

        Map<String, String> ackedBeforeKill = new ConcurrentHashMap<>(); // control id → ACK text
        Set<String> sentUnanswered = ConcurrentHashMap.newKeySet();
        AtomicReference<Throwable> senderFailure = new AtomicReference<>();
        AtomicReference<String> unexpectedAck = new AtomicReference<>();
        AtomicInteger sentCount = new AtomicInteger();
        CountDownLatch enoughAcks = new CountDownLatch(KILL_AFTER_ACKS);
        Thread sender = new Thread(() -> {
            try (MllpClient client = new MllpClient(mllpPort, 120_000)) {
                for (int i = 0; i < MESSAGES; i++) {
                    sentUnanswered.add(controlIds.get(i));
                    sentCount.incrementAndGet();
                    String ack = client.sendBytes(messages.get(i));
                    if (!ack.contains("MSA|AA|" + controlIds.get(i))) {
                        unexpectedAck.compareAndSet(null, controlIds.get(i) + ": " + ack.replace('\r', '\n'));
                        return;
                    }
                    sentUnanswered.remove(controlIds.get(i));
                    ackedBeforeKill.put(controlIds.get(i), ack);
                    enoughAcks.countDown();
                }
            } catch (Throwable e) {
                senderFailure.set(e); // expected: the server died under the connection
            }
        }, "hl7v2-crash-sender");
        long tSend = System.nanoTime();
        sender.start();
        if (!enoughAcks.await(5, TimeUnit.MINUTES)) {
            fail("only %d of %d AAs within 5 minutes (unexpected ACK: %s); server log:%n%s",
                    ackedBeforeKill.size(), KILL_AFTER_ACKS, unexpectedAck.get(), first.tail());
        }
        Thread.sleep(20); // the next message is on the wire or being stored
        first.sigkill();
        long sendMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - tSend);
        sender.join(TimeUnit.MINUTES.toMillis(3));
        assertThat(sender.isAlive()).as("the sender noticed the dead connection").isFalse();
        assertThat(unexpectedAck.get()).as("every answer before the kill was AA").isNull();
        assertThat(first.process().exitValue()).as("exit status of a SIGKILLed JVM").isEqualTo(128 + 9);
        int acked = ackedBeforeKill.size();
        assertThat(acked).as("killed mid-stream, not after the last message").isLessThan(MESSAGES);
        assertThat(senderFailure.get()).as("the sender's stream was cut by the kill").isNotNull();
        log("killed after %d AAs in %d ms (%d sent, %s unanswered in flight); sender saw: %s",
                acked, sendMillis, sentCount.get(), sentUnanswered, senderFailure.get());

        // 2. restart on the same data directory and ports: what was acknowledged is there
        long t1 = System.nanoTime();
        ServerProcess second = start(dataDir, httpPort, mllpPort, work.resolve("server-2.log"));
        log("restart ready after %d s", seconds(t1));
        String token = second.token();
        List<String> lostAfterKill = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            if (ackedBeforeKill.containsKey(controlIds.get(i))) {
                int total = patients(httpPort, token, mrns.get(i));
                if (total != 1) {
                    lostAfterKill.add(controlIds.get(i) + " (" + total + " patients)");
                }
            }
        }
        assertThat(lostAfterKill).as("messages answered AA before the kill, whose Patient is not there exactly once").isEmpty();
        for (String inFlight : sentUnanswered) {
            // either outcome is correct (committed without its ACK, or rolled back); the resend settles it
            log("in flight at the kill: %s, stored before the kill: %d patient(s)", inFlight,
                    patients(httpPort, token, mrns.get(controlIds.indexOf(inFlight))));
        }

        // 3. the sender's part: resend every message, the same bytes
        long tResend = System.nanoTime();
        List<String> notAccepted = new ArrayList<>();
        List<String> changedAcks = new ArrayList<>();
        try (MllpClient client = new MllpClient(mllpPort, 120_000)) {
            for (int i = 0; i < MESSAGES; i++) {
                String ack = client.sendBytes(messages.get(i));
                if (!ack.contains("MSA|AA|" + controlIds.get(i))) {
                    notAccepted.add(controlIds.get(i) + ": " + ack.replace('\r', '\n'));
                }
                String original = ackedBeforeKill.get(controlIds.get(i));
                if (original != null && !original.equals(ack)) {
                    changedAcks.add(controlIds.get(i));
                }
            }
        }
        log("resent %d messages in %d ms", MESSAGES, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - tResend));
        assertThat(notAccepted).as("resends not answered AA").isEmpty();
        assertThat(changedAcks).as("resends of messages acknowledged before the kill answered other than with their original ACK"
                + " (the duplicate answer: nothing written again)").isEmpty();

        // 4. nothing lost, nothing duplicated
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            int total = patients(httpPort, token, mrns.get(i));
            if (total != 1) {
                wrong.add(mrns.get(i) + " (" + total + " patients)");
            }
        }
        assertThat(wrong).as("MRNs without exactly one Patient after the resend").isEmpty();
        assertThat(count(httpPort, token, "Patient?_summary=count")).as("Patients in all").isEqualTo(MESSAGES);
        assertThat(count(httpPort, token, "Provenance?_summary=count"))
                .as("one Provenance per message stored: none stored twice").isEqualTo(MESSAGES);
        log("total %d s", seconds(t0));
    }

    // --- messages

    private static String fixture() throws IOException {
        try (InputStream in = Hl7v2CrashRecoveryIT.class.getResourceAsStream(FIXTURE)) {
            assertThat(in).as(FIXTURE).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The fixture as sent by KAPEHR|SOUTHCLINIC, with this control id and this one MRN (assigning authority SOUTHCLINIC). */
    private static String adtA04(String template, String controlId, String mrn) {
        List<String> segments = new ArrayList<>();
        for (String segment : template.split("\r\n|\r|\n")) {
            if (segment.isBlank()) {
                continue;
            }
            String[] fields = segment.split("\\|", -1);
            if (fields[0].equals("MSH")) {
                fields[2] = "KAPEHR";   // MSH-3
                fields[3] = "SOUTHCLINIC"; // MSH-4
                fields[9] = controlId;  // MSH-10
            } else if (fields[0].equals("PID")) {
                fields[3] = mrn + "^^^SOUTHCLINIC^MR"; // PID-3
            }
            segments.add(String.join("|", fields));
        }
        return String.join("\r", segments) + "\r";
    }

    // --- the server process

    /** The jar in development mode on the embedded H2 of {@code dataDir}, ready. */
    private ServerProcess start(Path dataDir, int httpPort, int mllpPort, Path logFile) throws InterruptedException {
        ServerProcess server = ServerProcess.start(dataDir.getParent(), httpPort,
                Map.of("KAP_MLLP_PORT", Integer.toString(mllpPort), "KAP_DATADIR", dataDir.toString()), logFile);
        started.add(server);
        return server.awaitReady(READINESS_TIMEOUT);
    }

    // --- FHIR REST as the development client

    private static int patients(int httpPort, String token, String mrn) throws Exception {
        return count(httpPort, token, "Patient?_summary=count&identifier="
                + URLEncoder.encode(MRN_SYSTEM + "|" + mrn, StandardCharsets.UTF_8));
    }

    private static int count(int httpPort, String token, String query) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/fhir/" + query))
                .header("Accept", "application/fhir+json").header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(60)).GET().build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(query + ": " + response.body()).isEqualTo(200);
        JsonNode total = JSON.readTree(response.body()).path("total");
        assertThat(total.isNumber()).as(query + " has a total: " + response.body()).isTrue();
        return total.asInt();
    }

    private static long seconds(long startNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
    }

    private static void log(String format, Object... args) {
        System.out.println("[Hl7v2CrashRecoveryIT] " + String.format(format, args));
    }
}
