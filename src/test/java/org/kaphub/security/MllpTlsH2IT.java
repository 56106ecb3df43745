package org.kaphub.security;

import org.hl7.fhir.r4.model.AuditEvent;
import org.junit.jupiter.api.Test;
import org.kaphub.audit.AuditLog;
import org.kaphub.support.Hl7Audits;
import org.kaphub.support.KapIntegrationTest;
import org.kaphub.support.MllpClient;
import org.kaphub.support.MllpTlsSockets;
import org.kaphub.support.TestCertificates;
import org.kaphub.support.TestSecurity;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * HL7 v2 over MLLP with TLS and client certificates (test certificates made in Java): a registered partner's
 * certificate is accepted and names the partner in the audit trail; no certificate, or one from another CA,
 * gets no connection. Plain MLLP messages are audited too, naming the partner of their registered sender.
 * (A trusted certificate no partner registers: routes/Hl7v2PartnersH2IT.)
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
    AuditLog auditLog;

    @Test
    void partnerWithARegisteredCertificateIsAcceptedAndNamedInTheAudit() throws Exception {
        String controlId = "TLS" + UUID.randomUUID().toString().substring(0, 8);
        String ack;
        try (MllpClient client = new MllpClient(socket(certificates().partnerKeyStore()), 30_000)) {
            ack = client.send(adt(controlId, TestSecurity.MLLP_PARTNER_SENDER[0], TestSecurity.MLLP_PARTNER_SENDER[1]));
        }
        assertThat(ack).contains("MSA|AA|" + controlId);
        List<AuditEvent> events = Hl7Audits.of(auditLog, controlId);
        assertThat(events).hasSize(1);
        AuditEvent event = events.get(0);
        assertThat(event.getAgentFirstRep().getWho().getIdentifier().getValue()).isEqualTo("partner:" + TestSecurity.MLLP_PARTNER);
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
        assertThat(Hl7Audits.of(auditLog, "NOCERT1")).isEmpty();
    }

    @Test
    void aCertificateFromAnotherAuthorityIsRefused() {
        assertThatThrownBy(() -> {
            try (MllpClient client = new MllpClient(socket(certificates().strangerKeyStore()), 5_000)) {
                client.send(adt("STRANGER1"));
            }
        }).isInstanceOf(IOException.class);
        assertThat(Hl7Audits.of(auditLog, "STRANGER1")).isEmpty();
    }

    @Test
    void plainMllpMessagesAreAuditedWithTheirAckCode() throws Exception {
        String controlId = "PLN" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(MllpClient.sendOnce(plainPort, adt(controlId))).contains("MSA|AA|" + controlId);
        assertThat(MllpClient.sendOnce(plainPort, adt(controlId + "X").replace("PID|1||", "PID|1|||"))).contains("MSA|AE|");
        assertThat(Hl7Audits.of(auditLog, controlId)).singleElement().satisfies(event -> {
            assertThat(event.getOutcomeDesc()).isEqualTo("ACK AA");
            assertThat(event.getAgentFirstRep().getWho().getIdentifier().getValue()).isEqualTo("partner:" + TestSecurity.HL7_FIXTURES);
        });
        assertThat(Hl7Audits.of(auditLog, controlId + "X")).singleElement().satisfies(event ->
                assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4));
    }

    TestCertificates certificates() {
        return TestSecurity.certificates(dataDir.resolve("tls"));
    }

    SSLSocket socket(Path keyStore) throws Exception {
        return MllpTlsSockets.connect(tlsPort, certificates(), keyStore);
    }

    static String adt(String controlId) {
        return adt(controlId, "REGADT", "SOUTHCLINIC");
    }

    static String adt(String controlId, String application, String facility) {
        String mrn = "MR" + UUID.randomUUID().toString().substring(0, 8);
        return "MSH|^~\\&|" + application + "|" + facility + "|KAPHUB|KAP|20240306083000||ADT^A04^ADT_A01|" + controlId + "|P|2.5.1\r"
                + "EVN|A04|20240306083000\r"
                + "PID|1||" + mrn + "^^^SOUTHCLINIC^MR||Tlsperson^ANNA||19840712|F\r"
                + "PV1|1|O\r";
    }
}
