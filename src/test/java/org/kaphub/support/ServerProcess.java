package org.kaphub.support;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The packaged application ({@code target/kap-hub.jar}) in a process of its own, for the tests that kill it with
 * SIGKILL or run it twice (not the shared Spring test context): started with the environment a test gives it (our
 * {@code KAP_*}, {@code SPRING_*}, {@code SERVER_*} and {@code CAMEL_*} variables of the build's own environment
 * removed), ready once {@code /actuator/health/readiness} answers 200, its output appended to a log file.
 * Development mode: the client {@code kap-dev} signs in with its known secret. Linux/macOS only ({@code kill -9}).
 */
public final class ServerProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final int httpPort;
    private final Path logFile;

    private ServerProcess(Process process, int httpPort, Path logFile) {
        this.process = process;
        this.httpPort = httpPort;
        this.logFile = logFile;
    }

    /** The packaged jar; fails the test when it has not been built. */
    public static Path jar() {
        Path jar = Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("target/kap-hub.jar");
        if (!Files.isRegularFile(jar)) {
            fail("the packaged jar " + jar + " is missing: run `mvn package` (failsafe runs after it in `mvn verify`)");
        }
        return jar;
    }

    /** Starts the jar in {@code workDir} on {@code httpPort} with {@code env} added; not yet ready. */
    public static ServerProcess start(Path workDir, int httpPort, Map<String, String> env, Path logFile) {
        // 768 MB: the server's live heap after start-up and these tests' load is ~360 MB (jcmd GC.heap_info after a
        // full GC); C1 only: the tests run minutes, not hours, and start-up JIT work is most of their CPU on 2 cores
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-XX:TieredStopAtLevel=1", "-jar", jar().toString())
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("KAP_") || name.startsWith("SPRING_")
                || name.startsWith("SERVER_") || name.startsWith("CAMEL_"));
        environment.putAll(env);
        environment.put("SERVER_PORT", Integer.toString(httpPort));
        try {
            return new ServerProcess(builder.start(), httpPort, logFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int httpPort() {
        return httpPort;
    }

    public String base() {
        return "http://127.0.0.1:" + httpPort;
    }

    public Process process() {
        return process;
    }

    /** Waits until the readiness probe answers 200; fails with the log's tail when the process exits or times out. */
    public ServerProcess awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest readiness = HttpRequest.newBuilder(URI.create(base() + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("the server exited (%d) before it was ready; log:%n%s", process.exitValue(), tail());
            }
            try {
                if (HTTP.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(1000);
        }
        fail("not ready within %s; log:%n%s", timeout, tail());
        return this;
    }

    /**
     * Waits until the server's log has a line containing {@code text} (a start-up step done, e.g. the schema created);
     * fails with the log's tail when the process exits or times out.
     */
    public ServerProcess awaitLog(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (logHas(text)) {
                return this;
            }
            if (!process.isAlive()) {
                fail("the server exited (%d) before logging \"%s\"; log:%n%s", process.exitValue(), text, tail());
            }
            Thread.sleep(500);
        }
        fail("no \"%s\" in the log within %s; log:%n%s", text, timeout, tail());
        return this;
    }

    private boolean logHas(String text) {
        try (var lines = Files.lines(logFile, StandardCharsets.UTF_8)) {
            return lines.anyMatch(line -> line.contains(text));
        } catch (IOException | UncheckedIOException notYet) {
            return false; // not written yet, or a line cut in the middle of a character
        }
    }

    /** SIGKILL, not {@link Process#destroyForcibly()} (which is not kill -9 on every platform); waits for the death. */
    public void sigkill() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill -9 " + process.pid()).isZero();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the server died of SIGKILL").isTrue();
    }

    /** A token of the development client {@code kap-dev} (everything, Part 2 included). */
    public String token() throws IOException {
        String basic = Base64.getEncoder().encodeToString(
                (TestSecurity.DEV_CLIENT + ":" + TestSecurity.DEV_SECRET).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = Tokens.request(httpPort, "grant_type=client_credentials", "Basic " + basic);
        assertThat(response.statusCode()).as("token: " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).path("access_token").asText();
    }

    /** The last 80 lines of the server's log. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Kills the process if it still runs (a test that failed half-way leaves no server behind). */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
