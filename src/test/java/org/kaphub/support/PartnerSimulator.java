package org.kaphub.support;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.param.ParameterUtil;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Receiving partners for the delivery tests: real FHIR servers on 127.0.0.1 — HAPI's plain {@link RestfulServer} in an
 * embedded Tomcat, one per {@link Receiver} at {@code /<name>/fhir}, each with an in-memory store that applies the
 * transaction Bundles KAP Hub pushes (conditional updates and deletes on identifiers, urn:uuid and conditional
 * references resolved) and records every request — and each with a token endpoint ({@code /<name>/token}) that takes
 * {@code client_secret_basic} or a {@code private_key_jwt} assertion checked against KAP Hub's published JWK Set. A
 * receiver can be told to answer the next requests with an error status, or to process a request and lose its answer.
 */
public final class PartnerSimulator {

    private static final FhirContext FHIR = FhirContext.forR4();
    private static PartnerSimulator instance;

    private final Tomcat tomcat;
    private final int port;
    private final Map<String, Receiver> receivers = new LinkedHashMap<>();

    private PartnerSimulator(List<String> names) {
        try {
            tomcat = new Tomcat();
            tomcat.setBaseDir(Files.createTempDirectory("partner-simulator").toString());
            Connector connector = new Connector();
            connector.setPort(0);
            connector.setProperty("address", "127.0.0.1");
            connector.setProperty("relaxedQueryChars", "|");
            tomcat.setConnector(connector);
            Context context = tomcat.addContext("", null);
            for (String name : names) {
                Receiver receiver = new Receiver(name);
                receivers.put(name, receiver);
                Tomcat.addServlet(context, name + "-fhir", new FhirServlet(receiver));
                context.addServletMappingDecoded("/" + name + "/fhir/*", name + "-fhir");
                Tomcat.addServlet(context, name + "-token", new TokenServlet(receiver));
                context.addServletMappingDecoded("/" + name + "/token", name + "-token");
            }
            tomcat.start();
            port = connector.getLocalPort();
        } catch (IOException | LifecycleException e) {
            throw new IllegalStateException("partner simulator did not start", e);
        }
    }

    /** The simulator, started on first use with one receiver per name (the names of the test registry's partners). */
    public static synchronized PartnerSimulator start(List<String> names) {
        if (instance == null) {
            instance = new PartnerSimulator(names);
        }
        return instance;
    }

    /**
     * A simulator of its own beside the shared one, for a test that runs the packaged application in another process
     * with a registry of its own ({@code DeliveryCrashRecoveryIT}); the test {@link #stop}s it.
     */
    public static PartnerSimulator startSeparate(List<String> names) {
        return new PartnerSimulator(names);
    }

    public void stop() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException(e);
        }
    }

    public static synchronized PartnerSimulator instance() {
        if (instance == null) {
            throw new IllegalStateException("started by TestSecurity with the test registry");
        }
        return instance;
    }

    public Receiver receiver(String name) {
        return receivers.get(name);
    }

    public String fhirBase(String name) {
        return "http://127.0.0.1:" + port + "/" + name + "/fhir";
    }

    public String tokenUrl(String name) {
        return "http://127.0.0.1:" + port + "/" + name + "/token";
    }

    /** One request that reached a receiver's FHIR endpoint, and the status it was answered with. */
    public record Received(Instant at, int status, Bundle bundle) {
    }

    /** A resource as the receiver holds it: its id there and how many updates made it. */
    public record Stored(String id, int version, Resource resource) {
    }

    /** One receiving partner. */
    public static final class Receiver {

        private final String name;
        private final List<Received> received = new ArrayList<>();
        private final List<Resource> applied = new ArrayList<>();
        private final Map<String, Stored> store = new HashMap<>();
        private final Set<String> tokens = ConcurrentHashMap.newKeySet();
        private final Set<String> assertionIds = ConcurrentHashMap.newKeySet();
        private final AtomicInteger tokensIssued = new AtomicInteger();
        private int nextId = 1;
        private volatile String clientId;
        private volatile String secret;
        private volatile String kapHubJwks;
        private volatile int failStatus;
        private volatile int failTimes;
        private volatile Integer retryAfterSeconds;
        private volatile int loseAnswers;
        private volatile Duration loseFor = Duration.ofSeconds(3);
        private volatile Duration delay = Duration.ZERO;
        private final AtomicInteger inProgress = new AtomicInteger();
        private final AtomicInteger lost = new AtomicInteger();
        /** Requests arriving while {@link #holding} wait here, not applied, until {@link #loseHeld}. */
        private final Object holdLock = new Object();
        private boolean holding;
        private int held;

        private Receiver(String name) {
            this.name = name;
        }

        /** Only requests with a token of its token endpoint are served; the token endpoint takes this client. */
        public Receiver requireClient(String clientId, String secret) {
            this.clientId = clientId;
            this.secret = secret;
            return this;
        }

        /** private_key_jwt assertions are checked against this JWK Set (KAP Hub's /oauth2/jwks). */
        public Receiver trustJwks(String url) {
            this.kapHubJwks = url;
            return this;
        }

        /** The next {@code times} requests are answered {@code status} with an OperationOutcome (and Retry-After). */
        public synchronized Receiver failNext(int status, int times, Integer retryAfterSeconds) {
            this.failStatus = status;
            this.failTimes = times;
            this.retryAfterSeconds = retryAfterSeconds;
            return this;
        }

        /** The next {@code times} requests are processed, but their answer comes only after {@code delay}. */
        public Receiver loseAnswers(int times, Duration delay) {
            this.loseAnswers = times;
            this.loseFor = delay;
            return this;
        }

        /** Every request takes this long before it is processed (a slow partner: deliveries stay in flight a while). */
        public Receiver delay(Duration delay) {
            this.delay = delay;
            return this;
        }

        /** Requests being served right now. */
        public int inProgress() {
            return inProgress.get();
        }

        /**
         * From now on every request is held before it is applied, until {@link #loseHeld}: the test can kill the sender
         * while a delivery is certainly in progress ({@code DeliveryCrashRecoveryIT}), with no race against its end.
         */
        public void holdRequests() {
            synchronized (holdLock) {
                holding = true;
            }
        }

        /** Requests waiting now ({@link #holdRequests}). */
        public int held() {
            synchronized (holdLock) {
                return held;
            }
        }

        /**
         * The held requests are lost with their sender: not applied, not recorded, as if they had never left it (their
         * sender is dead; they are answered 503 to nobody); later requests are served again.
         */
        public void loseHeld() {
            synchronized (holdLock) {
                holding = false;
                holdLock.notifyAll();
            }
        }

        /** Requests lost with their sender so far ({@link #loseHeld}). */
        public int lostRequests() {
            return lost.get();
        }

        /** Waits while requests are held; whether this request was held (and is lost). */
        private boolean heldAndLost() {
            synchronized (holdLock) {
                if (!holding) {
                    return false;
                }
                held++;
                try {
                    while (holding) {
                        holdLock.wait();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    held--;
                }
            }
            lost.incrementAndGet();
            return true;
        }

        public synchronized void reset() {
            received.clear();
            applied.clear();
            store.clear();
            tokens.clear();
            tokensIssued.set(0);
            failTimes = 0;
            loseAnswers = 0;
        }

        public synchronized List<Received> received() {
            return List.copyOf(received);
        }

        /** Every resource stored, in the order the receiver applied them. */
        public synchronized List<Resource> applied() {
            return List.copyOf(applied);
        }

        /** What it holds under {@code Type|system|value}. */
        public synchronized Stored stored(String type, String system, String value) {
            return store.get(type + "|" + system + "|" + value);
        }

        public synchronized List<Stored> all(String type) {
            return store.entrySet().stream().filter(e -> e.getKey().startsWith(type + "|")).map(Map.Entry::getValue).toList();
        }

        public int tokensIssued() {
            return tokensIssued.get();
        }

        private synchronized Integer takeFailure() {
            if (failTimes <= 0) {
                return null;
            }
            failTimes--;
            return failStatus;
        }

        private synchronized boolean takeLostAnswer() {
            if (loseAnswers <= 0) {
                return false;
            }
            loseAnswers--;
            return true;
        }

        private synchronized void record(int status, Bundle bundle) {
            received.add(new Received(Instant.now(), status, bundle));
        }

        /** Applies a transaction all or nothing: conditional PUT / DELETE on an identifier. */
        synchronized Bundle apply(Bundle transaction) {
            Map<String, String> fullUrls = new HashMap<>();
            Map<String, String> keyToId = new HashMap<>();
            for (Bundle.BundleEntryComponent entry : transaction.getEntry()) {
                String key = key(entry.getRequest().getUrl());
                String id = store.containsKey(key) ? store.get(key).id()
                        : keyToId.computeIfAbsent(key, k -> String.valueOf(nextId++));
                keyToId.put(key, id);
                if (entry.hasFullUrl()) {
                    fullUrls.put(entry.getFullUrl(), type(key) + "/" + id);
                }
            }
            for (Bundle.BundleEntryComponent entry : transaction.getEntry()) {
                if (entry.getResource() == null) {
                    continue;
                }
                for (Reference reference : FHIR.newTerser().getAllPopulatedChildElementsOfType(entry.getResource(), Reference.class)) {
                    String value = reference.getReference();
                    if (value == null) {
                        continue;
                    }
                    if (fullUrls.containsKey(value)) {
                        reference.setReference(fullUrls.get(value));
                    } else if (value.contains("?identifier=")) {
                        String key = key(value);
                        String id = store.containsKey(key) ? store.get(key).id() : keyToId.get(key);
                        if (id == null) {
                            throw new PreconditionFailedException("no match for a conditional reference");
                        }
                        reference.setReference(type(key) + "/" + id);
                    }
                }
            }
            Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
            for (Bundle.BundleEntryComponent entry : transaction.getEntry()) {
                String key = key(entry.getRequest().getUrl());
                if (entry.getRequest().getMethod() == Bundle.HTTPVerb.DELETE) {
                    store.remove(key);
                    response.addEntry().getResponse().setStatus("204 No Content");
                    continue;
                }
                if (entry.getRequest().getMethod() != Bundle.HTTPVerb.PUT) {
                    throw new InvalidRequestException("only conditional PUT and DELETE are expected");
                }
                Resource resource = entry.getResource().copy();
                Stored before = store.get(key);
                resource.setId(type(key) + "/" + keyToId.get(key));
                Stored now = new Stored(keyToId.get(key), before == null ? 1 : before.version() + 1, resource);
                store.put(key, now);
                applied.add(resource);
                response.addEntry().getResponse().setStatus(before == null ? "201 Created" : "200 OK")
                        .setLocation(resource.getIdElement().withVersion(String.valueOf(now.version())).getValue());
            }
            return response;
        }

        /** {@code Type?identifier=system|value} (URL- and search-escaped) as {@code Type|system|value}. */
        private static String key(String conditional) {
            int query = conditional.indexOf("?identifier=");
            if (query < 0) {
                throw new InvalidRequestException("not a conditional URL on identifier");
            }
            String token = URLDecoder.decode(conditional.substring(query + "?identifier=".length()), StandardCharsets.UTF_8);
            int bar = -1;
            for (int i = 0; i < token.length(); i++) {
                if (token.charAt(i) == '\\') {
                    i++;
                } else if (token.charAt(i) == '|') {
                    bar = i;
                    break;
                }
            }
            if (bar < 0) {
                throw new InvalidRequestException("identifier without a system");
            }
            return conditional.substring(0, query) + "|" + ParameterUtil.unescape(token.substring(0, bar)) + "|"
                    + ParameterUtil.unescape(token.substring(bar + 1));
        }

        private static String type(String key) {
            return key.substring(0, key.indexOf('|'));
        }
    }

    /** The receiver's transaction endpoint. */
    public static final class TransactionProvider {
        private final Receiver receiver;

        TransactionProvider(Receiver receiver) {
            this.receiver = receiver;
        }

        @Transaction
        public Bundle transaction(@TransactionParam Bundle bundle) {
            return receiver.apply(bundle);
        }
    }

    /** Token check and failure injection in front of the receiver's RestfulServer. */
    private static final class FhirServlet extends HttpServlet {
        private final Receiver receiver;
        private final RestfulServer server;

        FhirServlet(Receiver receiver) {
            this.receiver = receiver;
            this.server = new RestfulServer(FHIR);
            server.registerProvider(new TransactionProvider(receiver));
        }

        @Override
        public void init(ServletConfig config) throws ServletException {
            super.init(config);
            server.init(config);
        }

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
            receiver.inProgress.incrementAndGet();
            try {
                serveCounted(request, response);
            } finally {
                receiver.inProgress.decrementAndGet();
            }
        }

        private void serveCounted(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
            byte[] body = request.getInputStream().readAllBytes();
            Bundle bundle = body.length == 0 ? null : FHIR.newJsonParser().parseResource(Bundle.class, new String(body, StandardCharsets.UTF_8));
            String authorization = request.getHeader("Authorization");
            if (receiver.clientId != null && (authorization == null || !authorization.startsWith("Bearer ")
                    || !receiver.tokens.contains(authorization.substring("Bearer ".length())))) {
                answer(response, 401, "no valid token", null);
                receiver.record(401, bundle);
                return;
            }
            Integer failure = receiver.takeFailure();
            if (failure != null) {
                answer(response, failure, "simulated failure " + failure, receiver.retryAfterSeconds);
                receiver.record(failure, bundle);
                return;
            }
            if (!receiver.delay.isZero()) {
                sleep(receiver.delay);
            }
            if (receiver.heldAndLost()) {
                answer(response, 503, "lost with its sender", null);
                return;
            }
            ContentCachingResponseWrapper buffered = new ContentCachingResponseWrapper(response);
            server.service(new ReplayedBody(request, body), buffered);
            receiver.record(buffered.getStatus(), bundle);
            if (receiver.takeLostAnswer()) {
                sleep(receiver.loseFor); // processed; the client has given up waiting by now
                return;
            }
            buffered.copyBodyToResponse();
        }

        private static void answer(HttpServletResponse response, int status, String diagnostics, Integer retryAfter)
                throws IOException {
            OperationOutcome outcome = new OperationOutcome();
            outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
                    .setCode(OperationOutcome.IssueType.PROCESSING).setDiagnostics(diagnostics);
            response.setStatus(status);
            if (retryAfter != null) {
                response.setHeader("Retry-After", String.valueOf(retryAfter));
            }
            response.setContentType("application/fhir+json");
            response.getOutputStream().write(FHIR.newJsonParser().encodeResourceToString(outcome).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The token endpoint: client_credentials with client_secret_basic or a private_key_jwt assertion. */
    private static final class TokenServlet extends HttpServlet {
        private final Receiver receiver;

        TokenServlet(Receiver receiver) {
            this.receiver = receiver;
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (!"client_credentials".equals(request.getParameter("grant_type")) || !authenticated(request)) {
                response.setStatus(401);
                response.setContentType("application/json");
                response.getWriter().write("{\"error\":\"invalid_client\"}");
                return;
            }
            String token = UUID.randomUUID().toString();
            receiver.tokens.add(token);
            receiver.tokensIssued.incrementAndGet();
            response.setContentType("application/json");
            response.getWriter().write("{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":300,"
                    + "\"scope\":\"" + (request.getParameter("scope") == null ? "" : request.getParameter("scope")) + "\"}");
        }

        private boolean authenticated(HttpServletRequest request) {
            String basic = request.getHeader("Authorization");
            if (basic != null && basic.startsWith("Basic ")) {
                String[] pair = new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8).split(":", 2);
                return pair.length == 2 && URLDecoder.decode(pair[0], StandardCharsets.UTF_8).equals(receiver.clientId)
                        && URLDecoder.decode(pair[1], StandardCharsets.UTF_8).equals(receiver.secret);
            }
            String assertion = request.getParameter("client_assertion");
            if (!"urn:ietf:params:oauth:client-assertion-type:jwt-bearer".equals(request.getParameter("client_assertion_type"))
                    || assertion == null || receiver.kapHubJwks == null) {
                return false;
            }
            try {
                DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
                processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
                        new ImmutableJWKSet<>(JWKSet.load(URI.create(receiver.kapHubJwks).toURL()))));
                JWTClaimsSet claims = processor.process(assertion, null);
                String tokenUrl = request.getRequestURL().toString();
                return receiver.clientId.equals(claims.getIssuer()) && receiver.clientId.equals(claims.getSubject())
                        && claims.getAudience().contains(tokenUrl) && claims.getExpirationTime().toInstant().isAfter(Instant.now())
                        && claims.getJWTID() != null && receiver.assertionIds.add(claims.getJWTID());
            } catch (Exception e) {
                return false;
            }
        }
    }

    /** The request with its body read once already (the FHIR servlet parses it for the record first). */
    private static final class ReplayedBody extends jakarta.servlet.http.HttpServletRequestWrapper {
        private final byte[] body;

        ReplayedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public jakarta.servlet.ServletInputStream getInputStream() {
            java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(body);
            return new jakarta.servlet.ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(jakarta.servlet.ReadListener listener) {
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public java.io.BufferedReader getReader() {
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
