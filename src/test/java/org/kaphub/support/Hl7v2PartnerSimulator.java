package org.kaphub.support;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.HL7Service;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import ca.uhn.hl7v2.util.StandardSocketFactory;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A receiving partner that speaks HL7 v2 over MLLP and that nobody here wrote: HAPI HL7 v2's own server
 * ({@code HapiContext.newServer}) on 127.0.0.1 with a {@link ReceivingApplication} that records every message and
 * answers as the message's MSH-5 (receiving application, set per test partner by its {@code hl7v2-out}) asks:
 * <ul>
 * <li>{@code AA}, {@code AE}, {@code AR}: that code (AE and AR with an ERR segment, as HAPI makes them);</li>
 * <li>{@code AE-TWICE}: AE to the first two receipts of a control id (MSH-10), then AA;</li>
 * <li>{@code SILENT-ONCE}: nothing to the first receipt of a control id (it holds the connection longer than the
 * sender waits for an ACK), then AA.</li>
 * </ul>
 * Besides the plain one, a receiver per {@link Tls} mode: the same HAPI server over TLS ({@code newServer(port, true)},
 * its TLS server socket made from the test PKI by a HAPI {@code SocketFactory} instead of the JVM's key store
 * properties), which sees a message only once the handshake has succeeded.
 */
public final class Hl7v2PartnerSimulator {

    /** How a TLS receiver presents itself and whom it lets in. */
    public enum Tls {
        /** The test CA's localhost certificate; no client certificate asked. */
        SERVER,
        /** The test CA's localhost certificate; a client certificate of the test CA required (mutual TLS). */
        MUTUAL,
        /** A certificate of another CA, which no test partner trusts. */
        UNTRUSTED
    }

    /** How long a silent answer is held back (longer than the tests' kap.delivery.mllp.ack-timeout). */
    static final long SILENCE_MILLIS = 3000;

    private static Hl7v2PartnerSimulator instance;
    private static final Map<Tls, Hl7v2PartnerSimulator> TLS = new EnumMap<>(Tls.class);

    private final int port;
    private final HL7Service server;
    private final Map<String, List<Received>> received = new ConcurrentHashMap<>();
    private final Map<String, Integer> seen = new ConcurrentHashMap<>();

    /** One message as the partner got it, the ACK code it answered (null: none) and when it arrived. */
    public record Received(String controlId, String messageType, String version, String er7, String answered,
                           Instant at) {
    }

    private Hl7v2PartnerSimulator(Tls tls, TestCertificates certificates) {
        port = freePort();
        HapiContext context = new DefaultHapiContext();
        context.setValidationContext(ValidationContextFactory.noValidation());
        if (tls != null) {
            context.setSocketFactory(new TlsSockets(tls, certificates));
        }
        server = context.newServer(port, tls != null);
        server.registerApplication(new Answering());
        try {
            server.startAndWait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static synchronized Hl7v2PartnerSimulator instance() {
        if (instance == null) {
            instance = new Hl7v2PartnerSimulator(null, null);
        }
        return instance;
    }

    /** The TLS receiver of this mode, started on first use with the test PKI. */
    public static synchronized Hl7v2PartnerSimulator tls(Tls mode, TestCertificates certificates) {
        return TLS.computeIfAbsent(mode, m -> new Hl7v2PartnerSimulator(m, certificates));
    }

    /** {@code mllp://127.0.0.1:<port>}: the registry endpoint of every partner it plays. */
    public String endpoint() {
        return "mllp://127.0.0.1:" + port;
    }

    /** What arrived with MSH-5 {@code receivingApplication}, in order. */
    public List<Received> received(String receivingApplication) {
        synchronized (received) {
            return List.copyOf(received.getOrDefault(receivingApplication, List.of()));
        }
    }

    private final class Answering implements ReceivingApplication<Message> {
        @Override
        public Message processMessage(Message message, Map<String, Object> metadata) throws HL7Exception {
            Instant at = Instant.now();
            Terser terser = new Terser(message);
            String mode = terser.get("/MSH-5-1");
            String controlId = terser.get("/MSH-10");
            int receipt = seen.merge(mode + "|" + controlId, 1, Integer::sum);
            String answer = switch (mode == null ? "" : mode) {
                case "AE", "AR" -> mode;
                case "AE-TWICE" -> receipt <= 2 ? "AE" : "AA";
                case "SILENT-ONCE" -> receipt == 1 ? null : "AA";
                default -> "AA";
            };
            synchronized (received) {
                received.computeIfAbsent(mode, key -> new ArrayList<>()).add(new Received(controlId,
                        terser.get("/MSH-9-1") + "^" + terser.get("/MSH-9-2"), terser.get("/MSH-12"), message.encode(), answer, at));
            }
            try {
                if (answer == null) {
                    Thread.sleep(SILENCE_MILLIS); // the sender gives up waiting and closes the connection
                    return message.generateACK();
                }
                return "AA".equals(answer) ? message.generateACK()
                        : message.generateACK(AcknowledgmentCode.valueOf(answer),
                        new HL7Exception("simulated " + answer, ErrorCode.APPLICATION_INTERNAL_ERROR));
            } catch (IOException e) {
                throw new HL7Exception(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HL7Exception(e);
            }
        }

        @Override
        public boolean canProcess(Message message) {
            return true;
        }
    }

    /** HAPI's socket factory with the TLS server socket of a {@link Tls} mode. */
    private static final class TlsSockets extends StandardSocketFactory {
        private final Tls mode;
        private final SSLContext context;

        TlsSockets(Tls mode, TestCertificates certificates) {
            this.mode = mode;
            try {
                KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(load(mode == Tls.UNTRUSTED ? certificates.strangerKeyStore() : certificates.serverKeyStore()),
                        TestCertificates.PASSWORD.toCharArray());
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(load(certificates.trustStore()));
                context = SSLContext.getInstance("TLS");
                context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            } catch (Exception e) {
                throw new IllegalStateException("the TLS receiver could not be set up", e);
            }
        }

        @Override
        public ServerSocket createTlsServerSocket() throws IOException {
            SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
            socket.setNeedClientAuth(mode == Tls.MUTUAL);
            return socket;
        }

        private static KeyStore load(Path file) throws Exception {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file)) {
                store.load(in, TestCertificates.PASSWORD.toCharArray());
            }
            return store;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
