package org.kaphub.delivery.mllp;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.kaphub.support.Hl7v2PartnerSimulator;
import org.kaphub.support.Hl7v2PartnerSimulator.Received;
import org.kaphub.support.Hl7v2PartnerSimulator.Tls;
import org.kaphub.support.KapIntegrationTest;
import org.kaphub.support.TestSecurity;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dispatcher's HL7 v2 channel over TLS (a partner's {@code hl7v2-out: tls}) against HAPI HL7 v2's own MLLP server
 * over TLS ({@link Hl7v2PartnerSimulator#tls}), with certificates the tests make ({@code TestCertificates}): a
 * receiver is sent to only when it proves itself with a certificate of the partner's trust store, and a receiver
 * demanding a client certificate gets a message only from a partner entry with KAP Hub's key store. A refused
 * handshake is a failed attempt like a refused connection: retried with the same message, nothing at the receiver.
 */
@KapIntegrationTest
class MllpTlsDeliveryH2IT {

    @Autowired
    DaoRegistry daos;
    @Autowired
    JdbcClient jdbc;

    /** Delivered once the ACK is in; a slow handshake may cost a resend of the same message (same MSH-10, same bytes). */
    @Test
    void aPartnerWithTheReceiversCaInItsTrustStoreDeliversOverTls() {
        long row = rowFor(TestSecurity.MLLP_TLS, store(TestSecurity.MLLP_TLS));
        awaitStatus(row, "DELIVERED");
        List<Received> received = received(Tls.SERVER, TestSecurity.MLLP_TLS, row);
        assertThat(received).isNotEmpty().extracting(Received::er7).containsOnly(received.get(0).er7());
        assertThat(received.get(0).messageType()).isEqualTo("ADT^A04");
        assertThat((String) row(row).get("LAST_RESPONSE")).startsWith("MSA|AA|");
    }

    /**
     * Two partners at one receiver demanding a client certificate, one entry with KAP Hub's key store and one without:
     * the one without is tried first (its connection made), and each keeps its own TLS — the key store's partner
     * delivers, the other is retried and the receiver never sees its message.
     */
    @Test
    void mutualTlsDeliversWithKapHubsKeyStoreAndNothingWithoutIt() {
        long withoutKey = rowFor(TestSecurity.MLLP_TLS_NO_KEY, store(TestSecurity.MLLP_TLS_NO_KEY));
        await().atMost(Duration.ofSeconds(60)).until(() -> (Integer) row(withoutKey).get("ATTEMPTS") >= 1);
        long withKey = rowFor(TestSecurity.MLLP_TLS_MUTUAL, store(TestSecurity.MLLP_TLS_MUTUAL));
        awaitStatus(withKey, "DELIVERED");
        assertThat(received(Tls.MUTUAL, TestSecurity.MLLP_TLS_MUTUAL, withKey)).isNotEmpty()
                .allSatisfy(received -> assertThat(received.messageType()).isEqualTo("ADT^A04"));

        awaitRetried(withoutKey);
        assertThat(received(Tls.MUTUAL, TestSecurity.MLLP_TLS_NO_KEY, withoutKey)).as("at the receiver").isEmpty();
    }

    @Test
    void aReceiverWhoseCertificateIsNotTrustedGetsNothing() {
        long row = rowFor(TestSecurity.MLLP_TLS_UNTRUSTED, store(TestSecurity.MLLP_TLS_UNTRUSTED));
        awaitRetried(row);
        assertThat(received(Tls.UNTRUSTED, TestSecurity.MLLP_TLS_UNTRUSTED, row)).as("at the receiver").isEmpty();
    }

    /** A plain MLLP receiver answers anything it can read; a TLS partner's message must never be readable to it. */
    @Test
    void aTlsPartnerSendsNoPlaintextToAPlainReceiver() {
        long row = rowFor(TestSecurity.MLLP_TLS_TO_PLAIN, store(TestSecurity.MLLP_TLS_TO_PLAIN));
        awaitRetried(row);
        assertThat(Hl7v2PartnerSimulator.instance().received(TestSecurity.mllpTlsApplication(TestSecurity.MLLP_TLS_TO_PLAIN)))
                .as("at the plain receiver").isEmpty();
    }

    /** Not delivered, tried at least twice (a TLS failure is retried, not dead-lettered at once), each time without an ACK. */
    private void awaitRetried(long row) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat((Integer) row(row).get("ATTEMPTS")).isGreaterThanOrEqualTo(2));
        Map<String, Object> tried = row(row);
        assertThat(tried.get("STATUS")).isNotEqualTo("DELIVERED");
        assertThat(tried.get("DELIVERED_AT")).isNull();
        assertThat((String) tried.get("LAST_ERROR")).contains("no ACK");
        assertThat(tried.get("LAST_RESPONSE")).isNull();
    }

    /** What this receiver got of the row's messages (MSH-10 starts with KH and the row id). */
    private List<Received> received(Tls receiver, String partnerId, long row) {
        return Hl7v2PartnerSimulator.tls(receiver, null).received(TestSecurity.mllpTlsApplication(partnerId)).stream()
                .filter(received -> received.controlId().startsWith("KH" + row + "V")).toList();
    }

    private IIdType store(String partnerId) {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem(MllpDeliveryH2IT.MRN).setValue("MRN-" + UUID.randomUUID().toString().substring(0, 8));
        patient.addName().setFamily("Delivery").addGiven("Tls");
        patient.setGender(Enumerations.AdministrativeGender.MALE);
        patient.setManagingOrganization(new Reference("Organization/" + TestSecurity.dispatchOrg(partnerId)));
        return daos.getResourceDao(Patient.class).create(patient, new SystemRequestDetails()).getId().toUnqualified();
    }

    private long rowFor(String partnerId, IIdType patient) {
        return jdbc.sql("SELECT ID FROM KAP_OUTBOX WHERE PARTNER_ID = ? AND RESOURCE_TYPE = 'Patient' AND RESOURCE_ID = ?")
                .params(partnerId, patient.getIdPart()).query(Long.class).single();
    }

    private void awaitStatus(long row, String status) {
        await().atMost(Duration.ofSeconds(60)).until(() -> status.equals(row(row).get("STATUS")));
    }

    private Map<String, Object> row(long id) {
        return jdbc.sql("SELECT * FROM KAP_OUTBOX WHERE ID = ?").param(id).query().singleRow();
    }
}
