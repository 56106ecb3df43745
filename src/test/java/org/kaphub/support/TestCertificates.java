package org.kaphub.support;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A throw-away PKI made in Java for TLS tests: a CA, a server certificate for localhost/127.0.0.1, a partner
 * client certificate, a certificate of the same CA that no partner registers, and a stranger's certificate from
 * another CA. All PKCS#12 with password {@link #PASSWORD}.
 */
public record TestCertificates(Path serverKeyStore, Path trustStore, Path partnerKeyStore, Path strangerKeyStore,
                               Path unregisteredKeyStore) {

    public static final String PASSWORD = "test-store-pass";
    public static final String PARTNER_SUBJECT = "CN=partner-south,O=KAP Test";
    /** Trusted (our CA) but in no partner's certificate-subjects. */
    public static final String UNREGISTERED_SUBJECT = "CN=unregistered,O=KAP Test";
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    public static TestCertificates generate(Path dir) {
        try {
            Files.createDirectories(dir);
            KeyPair caKey = rsa();
            X509Certificate ca = certificate("CN=KAP Test CA", caKey, "CN=KAP Test CA", caKey, true, false);
            KeyPair serverKey = rsa();
            X509Certificate server = certificate("CN=localhost", serverKey, "CN=KAP Test CA", caKey, false, true);
            KeyPair partnerKey = rsa();
            X509Certificate partner = certificate(PARTNER_SUBJECT, partnerKey, "CN=KAP Test CA", caKey, false, false);
            KeyPair otherCaKey = rsa();
            KeyPair strangerKey = rsa();
            X509Certificate stranger = certificate("CN=stranger", strangerKey, "CN=Other CA", otherCaKey, false, false);
            KeyPair unregisteredKey = rsa();
            X509Certificate unregistered = certificate(UNREGISTERED_SUBJECT, unregisteredKey, "CN=KAP Test CA", caKey, false, false);

            TestCertificates certs = new TestCertificates(dir.resolve("server.p12"), dir.resolve("truststore.p12"),
                    dir.resolve("partner.p12"), dir.resolve("stranger.p12"), dir.resolve("unregistered.p12"));
            keyStore(certs.serverKeyStore, "server", serverKey, server, ca);
            keyStore(certs.partnerKeyStore, "partner", partnerKey, partner, ca);
            keyStore(certs.unregisteredKeyStore, "unregistered", unregisteredKey, unregistered, ca);
            keyStore(certs.strangerKeyStore, "stranger", strangerKey, stranger);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("kap-test-ca", ca);
            try (OutputStream out = Files.newOutputStream(certs.trustStore)) {
                trust.store(out, PASSWORD.toCharArray());
            }
            return certs;
        } catch (Exception e) {
            throw new IllegalStateException("test certificates could not be made", e);
        }
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static X509Certificate certificate(String subject, KeyPair subjectKey, String issuer, KeyPair issuerKey,
                                               boolean ca, boolean server) throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(2))), new X500Name(subject), subjectKey.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (server) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[]{
                    new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey.getPrivate())));
    }

    private static void keyStore(Path file, String alias, KeyPair key, X509Certificate... chain) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(alias, key.getPrivate(), PASSWORD.toCharArray(), chain);
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD.toCharArray());
        }
    }
}
