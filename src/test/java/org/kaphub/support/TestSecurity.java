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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everything the security tests need from outside the application, made once per JVM: a clinic identity
 * provider and a private_key_jwt partner (each an RSA key whose JWK Set a tiny HTTP server on 127.0.0.1 serves),
 * a rogue key nobody trusts, the test partner registry (a partners YAML file in the data directory), and a
 * throw-away PKI for MLLP over TLS.
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
    /** system/*.cruds, limited to patients of Organization/org-south (a second clinic beside org-north) */
    public static final String ORG_SOUTH_LIMITED = "test-org-south";
    public static final String ORG_SOUTH = "org-south";
    /** Organisation-limited too, to an organisation with no patients yet (a newly onboarded clinic). */
    public static final String NEW_ORG_LIMITED = "test-new-org";
    public static final String NEW_ORG = "org-new";
    /** system/*.cruds, authenticates with private_key_jwt */
    public static final String JWT_PARTNER = "test-jwt-partner";
    /** system/AuditEvent.rs */
    public static final String AUDITOR = "test-auditor";
    /** system/*.cruds, but only Patient and Observation */
    public static final String TYPES_LIMITED = "test-types";
    /** An MLLP partner known by its TLS certificate; it also names a sender, {@link #MLLP_PARTNER_SENDER}. */
    public static final String MLLP_PARTNER = "test-mllp-partner";
    public static final String[] MLLP_PARTNER_SENDER = {"PARTNERADT", "PARTNERSOUTH"};
    /**
     * HL7 v2: the senders of the HL7 v2 fixtures and contract tests (REGADT, KAPEHR, KAPSCHED, IIS at SOUTHCLINIC), no
     * limits. Senders the registry does not name are refused (AR).
     */
    public static final String HL7_FIXTURES = "test-hl7";
    /** HL7 v2 sender NORTHADT|NORTHCLINIC, limited to patients of org-north. */
    public static final String HL7_NORTH = "test-hl7-north";
    public static final String[] HL7_NORTH_SENDER = {"NORTHADT", "NORTHCLINIC"};
    /** HL7 v2 sender SOUTHADT|SOUTHKAP, limited to patients of org-south. */
    public static final String HL7_SOUTH = "test-hl7-south";
    public static final String[] HL7_SOUTH_SENDER = {"SOUTHADT", "SOUTHKAP"};
    /** HL7 v2 sender EASTADT|EASTCLINIC, writing only patients identified under {@link #HL7_EAST_AUTHORITY}. */
    public static final String HL7_EAST = "test-hl7-east";
    public static final String[] HL7_EAST_SENDER = {"EASTADT", "EASTCLINIC"};
    public static final String HL7_EAST_AUTHORITY = "https://kaphub.org/fhir/sid/EASTCLINIC";
    /**
     * HL7 v2 sender MAPLEADT|MAPLECLINIC, its own organisation (routes/PatientIdentityH2IT: it learns which
     * system its namespace ids stand for); its registry entry maps {@link #HL7_MAPLE_CONFIGURED_NAMESPACE}.
     */
    public static final String HL7_MAPLE = "test-hl7-maple";
    public static final String[] HL7_MAPLE_SENDER = {"MAPLEADT", "MAPLECLINIC"};
    public static final String HL7_MAPLE_ORG = "org-maple";
    public static final String HL7_MAPLE_CONFIGURED_NAMESPACE = "MAPLECFG";
    public static final String HL7_MAPLE_CONFIGURED_SYSTEM = "urn:oid:2.16.840.1.113883.3.9999.77";
    /** HL7 v2 sender BIRCHADT|BIRCHCLINIC, its own organisation: another clinic that sends the same namespace ids alone. */
    public static final String HL7_BIRCH = "test-hl7-birch";
    public static final String[] HL7_BIRCH_SENDER = {"BIRCHADT", "BIRCHCLINIC"};
    public static final String HL7_BIRCH_ORG = "org-birch";
    /** HL7 v2 sender ASPENADT|ASPENCLINIC, writing only patients identified under {@link #HL7_ASPEN_AUTHORITY}. */
    public static final String HL7_ASPEN = "test-hl7-aspen";
    public static final String[] HL7_ASPEN_SENDER = {"ASPENADT", "ASPENCLINIC"};
    public static final String HL7_ASPEN_AUTHORITY = "urn:oid:2.16.840.1.113883.3.9999.88";
    /** Clients of the clinic identity provider (no secret, no JWK Set: they sign in there), system/*.rs: without Part 2 */
    public static final String EXTERNAL_NO_PART2 = "test-ext-no-part2";
    /** … with Part 2 */
    public static final String EXTERNAL_PART2 = "test-ext-part2";
    /** … limited to Organization/org-north, with patient/*.rs and system/*.rs */
    public static final String EXTERNAL_ORG_LIMITED = "test-ext-org";
    /**
     * Delivery over FHIR (delivery/dispatch): receiving partners, each pushed to at its own {@link PartnerSimulator}
     * receiver of the same name and limited to patients of its own organisation ({@link #dispatchOrg}), so that no
     * other test's data, and no other dispatch test's, reaches it. {@link #DISPATCH}: client_secret_basic;
     * {@link #DISPATCH_JWT}: private_key_jwt; the others for one failure each.
     */
    public static final String DISPATCH = "test-dispatch";
    public static final String DISPATCH_JWT = "test-dispatch-jwt";
    public static final String DISPATCH_DOWN = "test-dispatch-down";
    public static final String DISPATCH_500 = "test-dispatch-500";
    public static final String DISPATCH_400 = "test-dispatch-400";
    public static final String DISPATCH_LOST = "test-dispatch-lost";
    /** Part 2 granted: receives Part 2 data under a consent naming it. */
    public static final String DISPATCH_PART2 = "test-dispatch-part2";
    /** Whose delivery metrics delivery/metrics/DeliveryMetricsH2IT watches move. */
    public static final String DISPATCH_METRICS = "test-dispatch-metrics";
    /**
     * Replay and control (delivery/control/DeliveryControlH2IT): receiving partners like the dispatch ones, one per test,
     * an operator with {@code system/kap.admin} and a client with every resource scope but not that one.
     */
    public static final String REPLAY_DEAD = "test-replay-dead";
    public static final String REPLAY_ALL = "test-replay-all";
    public static final String REPLAY_SINCE = "test-replay-since";
    public static final String REPLAY_PAUSE = "test-replay-pause";
    public static final String REPLAY_ADMIN = "test-replay-admin";
    public static final String REPLAY_NOT_ADMIN = "test-replay-not-admin";
    static final List<String> DISPATCH_PARTNERS = List.of(DISPATCH, DISPATCH_JWT, DISPATCH_DOWN, DISPATCH_500, DISPATCH_400,
            DISPATCH_LOST, DISPATCH_PART2, DISPATCH_METRICS,
            REPLAY_DEAD, REPLAY_ALL, REPLAY_SINCE, REPLAY_PAUSE);
    /**
     * Delivery to partners (delivery/outbox): receivers of FHIR at an endpoint nothing listens on, for patients of two
     * organisations no other test writes, so only the outbox tests queue rows for them.
     */
    public static final String OUTBOX_ORG_X = "org-outbox-x";
    public static final String OUTBOX_ORG_Y = "org-outbox-y";
    public static final String OUTBOX_ENDPOINT = "http://127.0.0.1:9/fhir";
    /** Receives MedicationAdministration, Patient, QuestionnaireResponse and Observation of org X; no Part 2. */
    public static final String OUTBOX_X = "test-outbox-x";
    /** Receives MedicationAdministration of org Y, with Part 2. */
    public static final String OUTBOX_Y = "test-outbox-y";
    /** Receives Patient (only) of org X. */
    public static final String OUTBOX_PATIENTS_ONLY = "test-outbox-patients-only";
    /** Receives MedicationAdministration of org X, with Part 2. */
    public static final String OUTBOX_PART2 = "test-outbox-part2";
    /** Receives MedicationAdministration of org X, with Part 2 (never named by a test's consent). */
    public static final String OUTBOX_PART2_UNNAMED = "test-outbox-part2-unnamed";
    /**
     * Receives Patient and CarePlan of org X over HL7 v2 MLLP: rows for its Patients (a builder makes ADT of them), none
     * for CarePlans (no builder makes a message of one).
     */
    public static final String OUTBOX_MLLP = "test-outbox-mllp";
    /** Receives MedicationAdministration of org X, but disabled. */
    public static final String OUTBOX_DISABLED = "test-outbox-disabled";
    /** A REST client (system/*.cruds) of org X that also receives MedicationAdministration: never its own writes. */
    public static final String OUTBOX_WRITER = "test-outbox-writer";
    /** HL7 v2 sender OUTBOXEHR|OUTBOXCLINIC, writing patients of org X. */
    public static final String OUTBOX_HL7 = "test-outbox-hl7";
    public static final String[] OUTBOX_HL7_SENDER = {"OUTBOXEHR", "OUTBOXCLINIC"};
    /**
     * Delivery over HL7 v2 (delivery/mllp/MllpDeliveryH2IT): receiving partners played by {@link Hl7v2PartnerSimulator}
     * (HAPI's own MLLP server), each answering as its MSH-5 (hl7v2-out receiving-application) asks, each limited to
     * patients of its own organisation ({@link #dispatchOrg}) and receiving Patients and Observations.
     */
    public static final String MLLP_OUT_AA = "test-mllp-out-aa";
    public static final String MLLP_OUT_AE = "test-mllp-out-ae";
    public static final String MLLP_OUT_AE_RETRY = "test-mllp-out-ae-retry";
    public static final String MLLP_OUT_AR = "test-mllp-out-ar";
    public static final String MLLP_OUT_SILENT = "test-mllp-out-silent";
    /**
     * Delivery over MLLP/TLS (delivery/mllp/MllpTlsDeliveryH2IT) to {@link Hl7v2PartnerSimulator}'s TLS receivers, each
     * partner with the test CA as trust store and its own MSH-5 ({@link #mllpTlsApplication}): to a receiver asking no
     * client certificate (trust store password from a file); to one demanding one, with KAP Hub's key store or without;
     * to one whose certificate is of another CA; and to the plain receiver (a TLS partner must not send it plaintext).
     */
    public static final String MLLP_TLS = "test-mllp-tls-server";
    public static final String MLLP_TLS_MUTUAL = "test-mllp-tls-mutual";
    public static final String MLLP_TLS_NO_KEY = "test-mllp-tls-no-key";
    public static final String MLLP_TLS_UNTRUSTED = "test-mllp-tls-untrusted";
    public static final String MLLP_TLS_TO_PLAIN = "test-mllp-tls-to-plain";
    /**
     * Delivery over HL7 v2 to KAP Hub's own MLLP listener: it sends as {@link #MLLP_OUT_ECHO_SENDER}, the HL7 v2 sender
     * of partner {@link #MLLP_OUT_ECHO}, with its patients' identifier system {@link #MLLP_OUT_SYSTEM} as namespace
     * {@link #MLLP_OUT_NAMESPACE}, which that sender's entry maps to {@link #MLLP_OUT_ECHO_SYSTEM}: the copy received is
     * a patient of its own, of org {@code org-test-mllp-out-echo}, which no receiving partner gets.
     */
    public static final String MLLP_OUT_SELF = "test-mllp-out-self";
    public static final String MLLP_OUT_ECHO = "test-mllp-out-echo";
    public static final String[] MLLP_OUT_ECHO_SENDER = {"ECHOADT", "ECHOCLINIC"};
    public static final String MLLP_OUT_NAMESPACE = "ECHOMRN";
    public static final String MLLP_OUT_SYSTEM = "https://kaphub.org/fhir/sid/test-mllp-out-mrn";
    public static final String MLLP_OUT_ECHO_SYSTEM = "https://kaphub.org/fhir/sid/test-mllp-out-echo-mrn";
    /**
     * A prescribing platform KAP Hub pulls from every second ({@link FhirPartnerSimulator}), limited to patients of
     * org-north (delivery/pull).
     */
    public static final String PULL_PLATFORM = "test-pull-platform";
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
    /** The test context's own (plain) MLLP port: partner {@link #MLLP_OUT_SELF} sends to it. */
    private static int mllpPort;

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
    static synchronized List<String> properties(Path dataDir, int ownMllpPort, int mllpTlsPort) {
        mllpPort = ownMllpPort;
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
        Path registry = dataDir.resolve("partners.yaml");
        writePartners(registry, partners(base));
        p.add("kap.partners.file=" + registry);
        p.add("kap.partners.reload-interval=1s"); // the reload test waits for it
        // delivery: retries and the circuit breaker in fractions of a second, so the failure tests take seconds
        p.addAll(List.of("kap.delivery.dispatch.poll-interval=100ms", "kap.delivery.dispatch.initial-backoff=100ms",
                "kap.delivery.dispatch.max-backoff=400ms", "kap.delivery.dispatch.max-attempts=6",
                "kap.delivery.dispatch.circuit-failures=3", "kap.delivery.dispatch.circuit-open=1s",
                "kap.delivery.push.connect-timeout=1s", "kap.delivery.push.read-timeout=2s",
                "kap.delivery.mllp.connect-timeout=1s", "kap.delivery.mllp.ack-timeout=1s"));
        return p;
    }

    /** The test registry: every test client is its own partner, with the same id. */
    static List<TestPartner> partners(String jwksBase) {
        TestCertificates tls = certificates();
        return List.of(
                TestPartner.of(READER, "system/*.rs"),
                TestPartner.of(MEDS, "system/MedicationAdministration.cruds"),
                TestPartner.of(PART2, "system/*.rs").part2(),
                TestPartner.of(ORG_LIMITED, "system/*.cruds").organizations(ORG),
                TestPartner.of(ORG_SOUTH_LIMITED, "system/*.cruds").organizations(ORG_SOUTH),
                TestPartner.of(JWT_PARTNER, "system/*.cruds").jwks(jwksBase + PARTNER_JWKS),
                TestPartner.of(AUDITOR, "system/AuditEvent.rs"),
                TestPartner.of(TYPES_LIMITED, "system/*.cruds").resourceTypes("Patient", "Observation"),
                TestPartner.of(MLLP_PARTNER, "system/Patient.rs").certificate(TestCertificates.PARTNER_SUBJECT)
                        .hl7v2Sender(MLLP_PARTNER_SENDER[0], MLLP_PARTNER_SENDER[1]),
                TestPartner.of(NEW_ORG_LIMITED, "system/*.cruds").organizations(NEW_ORG),
                // token hardening: clients of the clinic identity provider (no secret, no JWK Set: they sign in there)
                TestPartner.of(EXTERNAL_NO_PART2, "system/*.rs").external(),
                TestPartner.of(EXTERNAL_PART2, "system/*.rs").external().part2(),
                TestPartner.of(EXTERNAL_ORG_LIMITED, "system/*.rs", "patient/*.rs").external().organizations(ORG),
                // HL7 v2 senders (routes/Hl7v2PartnersH2IT): every sender a test sends from is registered
                TestPartner.of(HL7_FIXTURES).hl7v2Sender("REGADT", "SOUTHCLINIC").hl7v2Sender("KAPEHR", "SOUTHCLINIC")
                        .hl7v2Sender("KAPSCHED", "SOUTHCLINIC").hl7v2Sender("IIS", "SOUTHCLINIC"),
                TestPartner.of(HL7_NORTH).organizations(ORG).hl7v2Sender(HL7_NORTH_SENDER[0], HL7_NORTH_SENDER[1]),
                TestPartner.of(HL7_SOUTH).organizations(ORG_SOUTH).hl7v2Sender(HL7_SOUTH_SENDER[0], HL7_SOUTH_SENDER[1]),
                TestPartner.of(HL7_EAST).hl7v2Sender(HL7_EAST_SENDER[0], HL7_EAST_SENDER[1])
                        .assigningAuthorities(HL7_EAST_AUTHORITY),
                TestPartner.of(HL7_MAPLE).organizations(HL7_MAPLE_ORG).hl7v2Sender(HL7_MAPLE_SENDER[0], HL7_MAPLE_SENDER[1])
                        .assigningAuthorityNamespace(HL7_MAPLE_CONFIGURED_NAMESPACE, HL7_MAPLE_CONFIGURED_SYSTEM),
                TestPartner.of(HL7_BIRCH).organizations(HL7_BIRCH_ORG).hl7v2Sender(HL7_BIRCH_SENDER[0], HL7_BIRCH_SENDER[1]),
                TestPartner.of(HL7_ASPEN).hl7v2Sender(HL7_ASPEN_SENDER[0], HL7_ASPEN_SENDER[1])
                        .assigningAuthorities(HL7_ASPEN_AUTHORITY),
                // delivery (delivery/OutboxH2IT): who receives what
                TestPartner.of(OUTBOX_X).organizations(OUTBOX_ORG_X)
                        .fhirRest(OUTBOX_ENDPOINT, "MedicationAdministration", "Patient", "QuestionnaireResponse", "Observation"),
                TestPartner.of(OUTBOX_Y).organizations(OUTBOX_ORG_Y).part2().fhirRest(OUTBOX_ENDPOINT, "MedicationAdministration"),
                TestPartner.of(OUTBOX_PATIENTS_ONLY).organizations(OUTBOX_ORG_X).fhirRest(OUTBOX_ENDPOINT, "Patient"),
                TestPartner.of(OUTBOX_PART2).organizations(OUTBOX_ORG_X).part2().fhirRest(OUTBOX_ENDPOINT, "MedicationAdministration"),
                TestPartner.of(OUTBOX_PART2_UNNAMED).organizations(OUTBOX_ORG_X).part2()
                        .fhirRest(OUTBOX_ENDPOINT, "MedicationAdministration"),
                TestPartner.of(OUTBOX_MLLP).organizations(OUTBOX_ORG_X).hl7v2Mllp("mllp://127.0.0.1:9", "Patient", "CarePlan"),
                TestPartner.of(OUTBOX_DISABLED).organizations(OUTBOX_ORG_X).disabled()
                        .fhirRest(OUTBOX_ENDPOINT, "MedicationAdministration"),
                TestPartner.of(OUTBOX_WRITER, "system/*.cruds").organizations(OUTBOX_ORG_X)
                        .fhirRest(OUTBOX_ENDPOINT, "MedicationAdministration"),
                TestPartner.of(OUTBOX_HL7).organizations(OUTBOX_ORG_X).hl7v2Sender(OUTBOX_HL7_SENDER[0], OUTBOX_HL7_SENDER[1]),
                // the pull from a prescribing platform (delivery/pull/PullH2IT)
                TestPartner.of(PULL_PLATFORM).organizations(ORG).pulledFrom(FhirPartnerSimulator.instance().base(), "1s"),
                // delivery over FHIR (delivery/dispatch/FhirPushH2IT)
                dispatchPartner(DISPATCH).outboundAuth(simulator().tokenUrl(DISPATCH), DISPATCH, SECRET),
                dispatchPartner(DISPATCH_JWT).outboundAuth(simulator().tokenUrl(DISPATCH_JWT), DISPATCH_JWT, null),
                dispatchPartner(DISPATCH_DOWN),
                dispatchPartner(DISPATCH_500),
                dispatchPartner(DISPATCH_400),
                dispatchPartner(DISPATCH_LOST),
                dispatchPartner(DISPATCH_PART2).part2(),
                dispatchPartner(DISPATCH_METRICS),
                // replay and control (delivery/control/DeliveryControlH2IT)
                dispatchPartner(REPLAY_DEAD),
                dispatchPartner(REPLAY_ALL),
                dispatchPartner(REPLAY_SINCE),
                dispatchPartner(REPLAY_PAUSE),
                TestPartner.of(REPLAY_ADMIN, "system/kap.admin"),
                TestPartner.of(REPLAY_NOT_ADMIN, "system/*.cruds").organizations(dispatchOrg(REPLAY_NOT_ADMIN)),
                // delivery over HL7 v2 (delivery/mllp/MllpDeliveryH2IT)
                mllpPartner(MLLP_OUT_AA, "{receiving-application: AA}"),
                mllpPartner(MLLP_OUT_AE, "{receiving-application: AE}"),
                mllpPartner(MLLP_OUT_AE_RETRY, "{receiving-application: AE-TWICE, on-application-error: retry}"),
                mllpPartner(MLLP_OUT_AR, "{receiving-application: AR}"),
                mllpPartner(MLLP_OUT_SILENT, "{receiving-application: SILENT-ONCE}"),
                // delivery over MLLP/TLS (delivery/mllp/MllpTlsDeliveryH2IT)
                mllpTlsPartner(MLLP_TLS, Hl7v2PartnerSimulator.Tls.SERVER, "truststore-password-file: "
                        + quoted(storePasswordFile(tls).toString())),
                mllpTlsPartner(MLLP_TLS_MUTUAL, Hl7v2PartnerSimulator.Tls.MUTUAL, "truststore-password: " + TestCertificates.PASSWORD
                        + ", keystore: " + quoted(tls.partnerKeyStore().toString()) + ", keystore-password: " + TestCertificates.PASSWORD),
                mllpTlsPartner(MLLP_TLS_NO_KEY, Hl7v2PartnerSimulator.Tls.MUTUAL, "truststore-password: " + TestCertificates.PASSWORD),
                mllpTlsPartner(MLLP_TLS_UNTRUSTED, Hl7v2PartnerSimulator.Tls.UNTRUSTED, "truststore-password: " + TestCertificates.PASSWORD),
                mllpTlsPartner(MLLP_TLS_TO_PLAIN, null, "truststore-password: " + TestCertificates.PASSWORD),
                TestPartner.of(MLLP_OUT_SELF).organizations(dispatchOrg(MLLP_OUT_SELF))
                        .hl7v2Mllp("mllp://127.0.0.1:" + mllpPort, "Patient")
                        .assigningAuthorityNamespace(MLLP_OUT_NAMESPACE, MLLP_OUT_SYSTEM)
                        .hl7v2Out("{version: \"2.5.1\", sending-application: " + MLLP_OUT_ECHO_SENDER[0]
                                + ", sending-facility: " + MLLP_OUT_ECHO_SENDER[1] + ", receiving-application: KAPHUB}"),
                TestPartner.of(MLLP_OUT_ECHO).organizations(dispatchOrg(MLLP_OUT_ECHO))
                        .hl7v2Sender(MLLP_OUT_ECHO_SENDER[0], MLLP_OUT_ECHO_SENDER[1])
                        .assigningAuthorityNamespace(MLLP_OUT_NAMESPACE, MLLP_OUT_ECHO_SYSTEM));
    }

    /** MSH-5 of the messages to MLLP/TLS partner {@code partnerId}: the simulator files what it receives under it. */
    public static String mllpTlsApplication(String partnerId) {
        return partnerId.substring("test-mllp-".length()).toUpperCase(Locale.ROOT);
    }

    /** {@code receiver} null: the plain receiver. {@code passwords}: the tls keys besides the trust store. */
    private static TestPartner mllpTlsPartner(String id, Hl7v2PartnerSimulator.Tls receiver, String passwords) {
        TestCertificates tls = certificates();
        Hl7v2PartnerSimulator simulator = receiver == null ? Hl7v2PartnerSimulator.instance()
                : Hl7v2PartnerSimulator.tls(receiver, tls);
        return TestPartner.of(id).organizations(dispatchOrg(id)).hl7v2Mllp(simulator.endpoint(), "Patient")
                .hl7v2Out("{receiving-application: " + mllpTlsApplication(id) + ", tls: {truststore: "
                        + quoted(tls.trustStore().toString()) + ", " + passwords + "}}");
    }

    /** A file holding the test stores' password, as a mounted secret would (with its trailing newline). */
    private static Path storePasswordFile(TestCertificates tls) {
        Path file = tls.trustStore().resolveSibling("store-password");
        try {
            Files.writeString(file, TestCertificates.PASSWORD + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The test PKI: the context's (made in {@link #properties}), or one of its own for a registry read before it. */
    private static synchronized TestCertificates certificates() {
        if (certificates == null) {
            try {
                return certificates(Files.createTempDirectory("kaphub-tls-"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return certificates;
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static TestPartner mllpPartner(String id, String hl7v2Out) {
        return TestPartner.of(id).organizations(dispatchOrg(id))
                .hl7v2Mllp(Hl7v2PartnerSimulator.instance().endpoint(), "Patient", "Observation", "Appointment")
                .hl7v2Out(hl7v2Out);
    }

    private static TestPartner dispatchPartner(String id) {
        return TestPartner.of(id).organizations(dispatchOrg(id))
                .fhirRest(simulator().fhirBase(id), "Patient", "Observation", "QuestionnaireResponse");
    }

    /** The organisation whose patients only dispatch partner {@code partnerId} receives. */
    public static String dispatchOrg(String partnerId) {
        return "org-" + partnerId;
    }

    /** The receiving partners' FHIR servers, started before the context so their addresses are in the registry. */
    public static PartnerSimulator simulator() {
        return PartnerSimulator.start(DISPATCH_PARTNERS);
    }

    /** The registry file of the running test context (the reload test edits it and restores it). */
    public static List<TestPartner> partners() {
        return partners("http://127.0.0.1:" + server().getAddress().getPort());
    }

    public static void writePartners(Path file, List<TestPartner> partners) {
        try {
            Path temp = Files.createTempFile(file.getParent(), "partners", ".tmp");
            Files.writeString(temp, TestPartner.file(partners));
            // replaced in one step: the registry never reads a half-written file
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How often the JWK Set at {@code path} ({@link #CLINIC_JWKS}, {@link #PARTNER_JWKS}) has been fetched. */
    public static int jwksFetches(String path) {
        return JWKS_FETCHES.computeIfAbsent(path, key -> new AtomicInteger()).get();
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
