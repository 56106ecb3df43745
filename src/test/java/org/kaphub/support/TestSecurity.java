package org.kaphub.support;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everything the security tests need from outside the application, made once per JVM: a clinic identity
 * provider and a private_key_jwt partner (each an RSA key whose JWK Set a tiny HTTP server on 127.0.0.1 serves),
 * a rogue key nobody trusts, the test client registrations, and a throw-away PKI for MLLP over TLS.
 */
public final class TestSecurity {

    public static final String SECRET = "test-secret";
    public static final String DEV_CLIENT = "kap-dev";
    public static final String DEV_SECRET = "kap-dev-secret";
    public static final String AUDIENCE = "kap-hub";
    /** system/*.rs */
    public static final String READER = "test-reader";
    /** system/MedicationAdministration.cruds only */
    public static final String MEDS = "test-meds";
    /** system/*.rs with 42 CFR Part 2 */
    public static final String PART2 = "test-part2";
    /** system/*.cruds, limited to patients of Organization/org-north */
    public static final String ORG_LIMITED = "test-org";
    public static final String ORG = "org-north";
    /** Organisation-limited too, to an organisation with no patients yet (a newly onboarded clinic). */
    public static final String NEW_ORG_LIMITED = "test-new-org";
    public static final String NEW_ORG = "org-new";
    /** system/*.cruds, authenticates with private_key_jwt */
    public static final String JWT_PARTNER = "test-jwt-partner";
    /** system/AuditEvent.rs */
    public static final String AUDITOR = "test-auditor";
    /** system/*.cruds, but only Patient and Observation */
    public static final String TYPES_LIMITED = "test-types";
    /** An MLLP partner known by its TLS certificate */
    public static final String MLLP_PARTNER = "test-mllp-partner";
    /** Clients of the clinic identity provider (no secret, no JWK Set: they sign in there), system/*.rs: without Part 2 */
    public static final String EXTERNAL_NO_PART2 = "test-ext-no-part2";
    /** … with Part 2 */
    public static final String EXTERNAL_PART2 = "test-ext-part2";
    /** … limited to Organization/org-north, with patient/*.rs and system/*.rs */
    public static final String EXTERNAL_ORG_LIMITED = "test-ext-org";
    public static final String CLINIC_JWKS = "/clinic/jwks";
    public static final String PARTNER_JWKS = "/partner/jwks";

    /** Small, so the size-limit test needs no 16 MB body. */
    public static final int MAX_REQUEST_BYTES = 1024 * 1024;

    public static final RSAKey CLINIC_KEY = key("clinic");
    public static final RSAKey PARTNER_KEY = key("partner");
    public static final RSAKey ROGUE_KEY = key("clinic"); // same kid as the clinic's, different key

    private static HttpServer jwks;
    private static final Map<String, AtomicInteger> JWKS_FETCHES = new ConcurrentHashMap<>();
    private static TestCertificates certificates;

    private TestSecurity() {
    }

    public static synchronized String clinicIssuer() {
        return "http://127.0.0.1:" + server().getAddress().getPort() + "/clinic";
    }

    public static synchronized TestCertificates certificates(Path dir) {
        if (certificates == null) {
            certificates = TestCertificates.generate(dir);
        }
        return certificates;
    }

    /** Properties every test context gets (one set for all, so each database keeps one shared context). */
    static List<String> properties(Path dataDir, int mllpTlsPort) {
        String base = "http://127.0.0.1:" + server().getAddress().getPort();
        TestCertificates certs = certificates(dataDir.resolve("tls"));
        List<String> p = new ArrayList<>(List.of(
                "kap.security.external.issuer=" + base + "/clinic",
                "kap.security.external.jwks-uri=" + base + CLINIC_JWKS,
                "kap.mllp.tls.keystore=" + certs.serverKeyStore(),
                "kap.mllp.tls.keystore-password=" + TestCertificates.PASSWORD,
                "kap.mllp.tls.truststore=" + certs.trustStore(),
                "kap.mllp.tls.truststore-password=" + TestCertificates.PASSWORD,
                "kap.mllp.tls.client-auth=REQUIRE",
                "kap.security.fhir-max-request-size=" + MAX_REQUEST_BYTES,
                "kap.test.mllp-tls-port=" + mllpTlsPort));
        client(p, 0, READER, "system/*.rs");
        client(p, 1, MEDS, "system/MedicationAdministration.cruds");
        client(p, 2, PART2, "system/*.rs");
        p.add("kap.security.clients[2].part2=true");
        client(p, 3, ORG_LIMITED, "system/*.cruds");
        p.add("kap.security.clients[3].organizations[0]=" + ORG);
        p.add("kap.security.clients[4].client-id=" + JWT_PARTNER);
        p.add("kap.security.clients[4].jwks-uri=" + base + PARTNER_JWKS);
        p.add("kap.security.clients[4].scopes[0]=system/*.cruds");
        client(p, 5, AUDITOR, "system/AuditEvent.rs");
        client(p, 6, TYPES_LIMITED, "system/*.cruds");
        p.add("kap.security.clients[6].resource-types[0]=Patient");
        p.add("kap.security.clients[6].resource-types[1]=Observation");
        client(p, 7, MLLP_PARTNER, "system/Patient.rs");
        p.add("kap.security.clients[7].certificate-subject=" + TestCertificates.PARTNER_SUBJECT);
        client(p, 8, NEW_ORG_LIMITED, "system/*.cruds");
        p.add("kap.security.clients[8].organizations[0]=" + NEW_ORG);
        // token hardening (brief range 40..49): clients of the clinic identity provider. Spring binds a list only
        // without gaps, so they take the next free indices until the registry file replaces these properties.
        int n = 9;
        externalClient(p, n, EXTERNAL_NO_PART2, "system/*.rs");
        externalClient(p, n + 1, EXTERNAL_PART2, "system/*.rs");
        p.add("kap.security.clients[" + (n + 1) + "].part2=true");
        externalClient(p, n + 2, EXTERNAL_ORG_LIMITED, "system/*.rs");
        p.add("kap.security.clients[" + (n + 2) + "].scopes[1]=patient/*.rs");
        p.add("kap.security.clients[" + (n + 2) + "].organizations[0]=" + ORG);
        return p;
    }

    private static void externalClient(List<String> p, int n, String id, String scope) {
        p.add("kap.security.clients[" + n + "].client-id=" + id);
        p.add("kap.security.clients[" + n + "].scopes[0]=" + scope);
    }

    /** How often the JWK Set at {@code path} ({@link #CLINIC_JWKS}, {@link #PARTNER_JWKS}) has been fetched. */
    public static int jwksFetches(String path) {
        return JWKS_FETCHES.computeIfAbsent(path, key -> new AtomicInteger()).get();
    }

    private static void client(List<String> p, int n, String id, String scope) {
        p.add("kap.security.clients[" + n + "].client-id=" + id);
        p.add("kap.security.clients[" + n + "].secret={noop}" + SECRET);
        p.add("kap.security.clients[" + n + "].scopes[0]=" + scope);
    }

    /** A JWT signed with {@code key} (RS256 for access tokens, RS384 for client assertions). */
    public static String sign(RSAKey key, JWSAlgorithm algorithm, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey key(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized HttpServer server() {
        if (jwks == null) {
            try {
                jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            serve(CLINIC_JWKS, new JWKSet(CLINIC_KEY.toPublicJWK()));
            serve(PARTNER_JWKS, new JWKSet(PARTNER_KEY.toPublicJWK()));
            jwks.start();
        }
        return jwks;
    }

    private static void serve(String path, JWKSet set) {
        byte[] body = set.toString().getBytes(StandardCharsets.UTF_8);
        jwks.createContext(path, exchange -> {
            JWKS_FETCHES.computeIfAbsent(path, key -> new AtomicInteger()).incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
    }
}
