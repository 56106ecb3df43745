package org.kaphub.security;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import org.hl7.fhir.r4.model.AuditEvent;
import org.junit.jupiter.api.Test;
import org.kaphub.support.Hl7Audits;
import org.kaphub.support.KapIntegrationTest;
import org.kaphub.support.MllpClient;
import org.kaphub.support.TestCertificates;
import org.kaphub.support.TestSecurity;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * HL7 v2 over MLLP with TLS and client certificates (test certificates made in Java): a registered partner's
 * certificate is accepted and names the partner in the audit trail; no certificate, or one from another CA,
 * gets no connection. Plain MLLP messages are audited too.
 */
@KapIntegrationTest
class MllpTlsH2IT {

    @Value("${kap.test.mllp-tls-port}")
    int tlsPort;
    @Value("${kap.mllp.port}")
    int plainPort;
    @Value("${kap.data-dir}")
    Path dataDir;
    @Autowired
    DaoRegistry daos;

    @Test
    void partnerWithARegisteredCertificateIsAcceptedAndNamedInTheAudit() throws Exception {
        String controlId = "TLS" + UUID.randomUUID().toString().substring(0, 8);
        String ack;
        try (MllpClient client = new MllpClient(socket(certificates().partnerKeyStore()), 30_000)) {
            ack = client.send(adt(controlId));
        }
        assertThat(ack).contains("MSA|AA|" + controlId);
        List<AuditEvent> events = Hl7Audits.of(daos, controlId);
        assertThat(events).hasSize(1);
        AuditEvent event = events.get(0);
        assertThat(event.getAgentFirstRep().getWho().getIdentifier().getValue()).isEqualTo(TestSecurity.MLLP_PARTNER);
        assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
        assertThat(event.getEntity()).anySatisfy(entity -> assertThat(entity.getWhat().getReference()).startsWith("Patient/"));
    }

    @Test
    void aClientWithoutACertificateIsRefused() {
        assertThatThrownBy(() -> {
            try (MllpClient client = new MllpClient(socket(null), 5_000)) {
                client.send(adt("NOCERT1"));
            }
        }).isInstanceOf(IOException.class);
        assertThat(Hl7Audits.of(daos, "NOCERT1")).isEmpty();
    }

    @Test
    void aCertificateFromAnotherAuthorityIsRefused() {
        assertThatThrownBy(() -> {
            try (MllpClient client = new MllpClient(socket(certificates().strangerKeyStore()), 5_000)) {
                client.send(adt("STRANGER1"));
            }
        }).isInstanceOf(IOException.class);
        assertThat(Hl7Audits.of(daos, "STRANGER1")).isEmpty();
    }

    @Test
    void plainMllpMessagesAreAuditedWithTheirAckCode() throws Exception {
        String controlId = "PLN" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(MllpClient.sendOnce(plainPort, adt(controlId))).contains("MSA|AA|" + controlId);
        assertThat(MllpClient.sendOnce(plainPort, adt(controlId + "X").replace("PID|1||", "PID|1|||"))).contains("MSA|AE|");
        assertThat(Hl7Audits.of(daos, controlId)).singleElement().satisfies(event -> {
            assertThat(event.getOutcomeDesc()).isEqualTo("ACK AA");
            assertThat(event.getAgentFirstRep().getWho().getIdentifier().getValue()).isEqualTo("facility:SOUTHCLINIC");
        });
        assertThat(Hl7Audits.of(daos, controlId + "X")).singleElement().satisfies(event ->
                assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4));
    }

    TestCertificates certificates() {
        return TestSecurity.certificates(dataDir.resolve("tls"));
    }

    SSLSocket socket(Path keyStore) throws Exception {
        KeyManagerFactory keys = null;
        if (keyStore != null) {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(keyStore), TestCertificates.PASSWORD.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(certificates().trustStore()));
        SSLContext tls = SSLContext.getInstance("TLSv1.3");
        tls.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", tlsPort);
        socket.setSoTimeout(5_000);
        socket.startHandshake();
        return socket;
    }

    static KeyStore load(Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, TestCertificates.PASSWORD.toCharArray());
        }
        return store;
    }

    static String adt(String controlId) {
        String mrn = "MR" + UUID.randomUUID().toString().substring(0, 8);
        return "MSH|^~\\&|REGADT|SOUTHCLINIC|KAPHUB|KAP|20240306083000||ADT^A04^ADT_A01|" + controlId + "|P|2.5.1\r"
                + "EVN|A04|20240306083000\r"
                + "PID|1||" + mrn + "^^^SOUTHCLINIC^MR||Tlsperson^ANNA||19840712|F\r"
                + "PV1|1|O\r";
    }
}
