package org.kaphub.routes;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kaphub.audit.AuditLog;
import org.kaphub.hl7v2.Hl7v2Fixtures;
import org.kaphub.journal.JournalEntry;
import org.kaphub.journal.JournalStatus;
import org.kaphub.journal.MessageJournal;
import org.kaphub.support.Hl7Audits;
import org.kaphub.support.KapIntegrationTest;
import org.kaphub.support.MllpClient;
import org.kaphub.support.MllpTlsSockets;
import org.kaphub.support.TestCertificates;
import org.kaphub.support.TestSecurity;
import org.kaphub.support.Tokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kaphub.routes.AdtInboundContract.field;
import static org.kaphub.routes.AdtInboundContract.segment;

/**
 * HL7 v2 senders are partners (issue 10, class 9), over real MLLP sockets: every message is attributed to a registered
 * partner or refused (AR 103, journaled REJECTED, nothing stored, audited as unattributed); what a partner sends is
 * written only into patients of its organisations (AE 204, nothing stored) with identifiers of its assigning
 * authorities (AE 103 at the field); an update never drops {@code managingOrganization}; the audit names
 * {@code partner:<id>}. Test partners (support/TestSecurity): {@code test-hl7-north} (org-north),
 * {@code test-hl7-south} (org-south), {@code test-hl7-east} (assigning authority EASTCLINIC only), {@code test-hl7}
 * (the fixtures' senders, no limits), {@code test-mllp-partner} (a TLS certificate).
 */
@KapIntegrationTest
class Hl7v2PartnersH2IT {

    /** An assigning authority no partner is limited to: north, south and the fixtures' sender may all name it. */
    static final String SHARED = "SHAREDMPI";
    static final String SHARED_SYSTEM = "https://kaphub.org/fhir/sid/" + SHARED;
    static final String[] UNKNOWN_SENDER = {"ROGUEADT", "NOWHERE"};
    static final String[] FIXTURES_SENDER = {"REGADT", "SOUTHCLINIC"};

    @LocalServerPort
    int httpPort;
    @Value("${kap.mllp.port}")
    int mllpPort;
    @Value("${kap.test.mllp-tls-port}")
    int tlsPort;
    @Value("${kap.data-dir}")
    Path dataDir;
    @Autowired
    DaoRegistry daos;
    @Autowired
    AuditLog auditLog;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MessageJournal journal;

    String mrn;

    @BeforeEach
    void organisationsExist() {
        mrn = "MR" + UUID.randomUUID().toString().substring(0, 8);
        // The registry creates its organisations as it loads; made here too, so this class does not depend on it.
        for (String id : List.of(TestSecurity.ORG, TestSecurity.ORG_SOUTH)) {
            if (daos.getResourceDao(Organization.class).search(SearchParameterMap.newSynchronous("_id", new TokenParam(id)),
                    system()).size() == 0) {
                Organization organization = new Organization().setName("Clinic " + id);
                organization.setId(id);
                daos.getResourceDao(Organization.class).update(organization, system());
            }
        }
    }

    // ---- who sent it

    @Test
    void anUnregisteredSenderIsAnsweredArJournaledRejectedAuditedAsUnattributedAndNothingIsStored() throws Exception {
        String control = ctrl();
        String ack = MllpClient.sendOnce(mllpPort, adt("A04", UNKNOWN_SENDER, control, SHARED, mrn, "Roguename"));

        assertThat(field(ack, "MSA", 1)).isEqualTo("AR");
        assertThat(field(ack, "MSA", 2)).isEqualTo(control);
        assertThat(field(ack, "ERR", 2)).isEqualTo("MSH^1^3");
        assertThat(field(ack, "ERR", 3)).startsWith("103^");
        assertThat(ack).doesNotContain("Roguename").doesNotContain(mrn);
        assertThat(patients(SHARED_SYSTEM, mrn)).isEmpty();
        JournalEntry entry = journalEntry(control);
        assertThat(entry.status()).isEqualTo(JournalStatus.REJECTED);
        assertThat(entry.ackCode()).isEqualTo("AR");
        assertThat(Hl7Audits.of(auditLog, control)).singleElement().satisfies(event -> {
            assertThat(who(event)).isEqualTo("unattributed");
            assertThat(event.getAgentFirstRep().getNetwork().getAddress()).contains("127.0.0.1");
            assertThat(event.getOutcome()).isNotEqualTo(AuditEvent.AuditEventOutcome._0);
        });
    }

    @Test
    void anUnregisteredSendersUpdateOfAnExistingPatientGetsTheSameAnswerAsOneForNobodyAndChangesNothing() throws Exception {
        // the reported attack: an A08 from an unknown facility renamed another clinic's patient and dropped its organisation
        assertThat(field(send(TestSecurity.HL7_NORTH_SENDER, adt("A04", TestSecurity.HL7_NORTH_SENDER, ctrl(), SHARED, mrn, "Northperson")),
                "MSA", 1)).isEqualTo("AA");
        String absent = "MR" + UUID.randomUUID().toString().substring(0, 8);

        String control = ctrl(); // one control id for both, so that the answers may be compared whole
        String existing = MllpClient.sendOnce(mllpPort, adt("A08", UNKNOWN_SENDER, control, SHARED, mrn, "Renamed"));
        String nobody = MllpClient.sendOnce(mllpPort, adt("A08", UNKNOWN_SENDER, control, SHARED, absent, "Renamed"));

        assertThat(field(existing, "MSA", 1)).isEqualTo("AR");
        assertThat(withoutMsh(existing)).isEqualTo(withoutMsh(nobody)); // MSA and ERR alike: nothing tells them apart
        Patient patient = onePatient(SHARED_SYSTEM, mrn);
        assertThat(patient.getNameFirstRep().getFamily()).isEqualTo("Northperson");
        assertThat(patient.getManagingOrganization().getReference()).isEqualTo("Organization/" + TestSecurity.ORG);
        assertThat(patient.getMeta().getVersionId()).isEqualTo("1");
        assertThat(patients(SHARED_SYSTEM, absent)).isEmpty();
    }

    @Test
    void theSenderOfAPartnerWithACertificateIsRefusedOnPlainTcp() throws Exception {
        String control = ctrl();
        String ack = MllpClient.sendOnce(mllpPort, adt("A04", TestSecurity.MLLP_PARTNER_SENDER, control, SHARED, mrn, "Plainperson"));
        assertThat(field(ack, "MSA", 1)).isEqualTo("AR");
        assertThat(field(ack, "ERR", 3)).startsWith("103^");
        assertThat(patients(SHARED_SYSTEM, mrn)).isEmpty();
        assertThat(journalEntry(control).status()).isEqualTo(JournalStatus.REJECTED);
    }

    /**
     * Idempotency keys written before senders were partners hold MSH-3|MSH-4 without the partner id: a resend of such
     * a message after the upgrade is answered with its original ACK and stored nothing again.
     */
    @Test
    void aResendOfAMessageAcceptedUnderTheEarlierKeyIsStillADuplicate() throws Exception {
        String control = ctrl();
        String message = adt("A04", FIXTURES_SENDER, control, SHARED, mrn, "Keeperson");
        String first = send(FIXTURES_SENDER, message);
        assertThat(field(first, "MSA", 1)).isEqualTo("AA");
        // rewrite the key as the earlier release wrote it
        int rewritten = jdbc.sql("UPDATE KAP_MESSAGE_KEY SET SENDER = ? WHERE CONTROL_ID = ? AND SENDER = ?")
                .params(FIXTURES_SENDER[0] + "|" + FIXTURES_SENDER[1], control, "test-hl7|" + FIXTURES_SENDER[0] + "|" + FIXTURES_SENDER[1])
                .update();
        assertThat(rewritten).isEqualTo(1);
        String again = send(FIXTURES_SENDER, message);
        assertThat(again).isEqualTo(first);
        assertThat(jdbc.sql("SELECT STATUS FROM KAP_MESSAGE_JOURNAL WHERE CONTROL_ID = ? ORDER BY ID").param(control)
                .query(String.class).list()).containsExactly(JournalStatus.ACCEPTED.name(), JournalStatus.DUPLICATE.name());
        assertThat(patients(SHARED_SYSTEM, mrn)).singleElement().satisfies(p -> assertThat(p.getMeta().getVersionId()).isEqualTo("1"));
    }

    @Test
    void aTrustedCertificateNoPartnerRegistersIsAnsweredArOverTls() throws Exception {
        String control = ctrl();
        // the sender is a registered one: the certificate decides, and it names nobody
        String ack = sendOverTls(certificates().unregisteredKeyStore(), adt("A04", FIXTURES_SENDER, control, SHARED, mrn, "Certperson"));
        assertThat(field(ack, "MSA", 1)).isEqualTo("AR");
        assertThat(field(ack, "ERR", 3)).startsWith("103^");
        assertThat(field(ack, "ERR", 2)).isEmpty(); // not about a field of the message
        assertThat(patients(SHARED_SYSTEM, mrn)).isEmpty();
        assertThat(journalEntry(control).status()).isEqualTo(JournalStatus.REJECTED);
        assertThat(Hl7Audits.of(auditLog, control)).singleElement().satisfies(event -> assertThat(who(event)).isEqualTo("unattributed"));
    }

    @Test
    void aCertifiedPartnerNamingAnotherPartnersSenderIsAnsweredAr() throws Exception {
        String control = ctrl();
        String ack = sendOverTls(certificates().partnerKeyStore(), adt("A04", FIXTURES_SENDER, control, SHARED, mrn, "Borrowedname"));
        assertThat(field(ack, "MSA", 1)).isEqualTo("AR");
        assertThat(field(ack, "ERR", 2)).isEqualTo("MSH^1^3");
        assertThat(patients(SHARED_SYSTEM, mrn)).isEmpty();
    }

    // ---- what it may write

    @Test
    void anOrganisationLimitedPartnersNewPatientBelongsToItsOrganisationAndTheAuditNamesThePartner() throws Exception {
        String control = ctrl();
        String ack = send(TestSecurity.HL7_NORTH_SENDER, adt("A04", TestSecurity.HL7_NORTH_SENDER, control, SHARED, mrn, "Northnew"));

        assertThat(field(ack, "MSA", 1)).isEqualTo("AA");
        Patient patient = onePatient(SHARED_SYSTEM, mrn);
        assertThat(patient.getManagingOrganization().getReference()).isEqualTo("Organization/" + TestSecurity.ORG);
        assertThat(Hl7Audits.of(auditLog, control)).singleElement().satisfies(event -> {
            assertThat(who(event)).isEqualTo("partner:" + TestSecurity.HL7_NORTH);
            assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
        });
        // stamped with its organisation, so the REST client of that organisation sees it and another one does not
        String path = "/fhir/Patient/" + patient.getIdElement().getIdPart();
        HttpResponse<String> own = get(path, TestSecurity.ORG_LIMITED);
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).contains("Northnew");
        HttpResponse<String> other = get(path, TestSecurity.ORG_SOUTH_LIMITED);
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.body()).doesNotContain("Northnew").doesNotContain(mrn);
    }

    @Test
    void anUpdateOfAnotherOrganisationsPatientIsAnsweredAeAndTheOtherPatientIsUnchanged() throws Exception {
        assertThat(field(send(TestSecurity.HL7_SOUTH_SENDER, adt("A04", TestSecurity.HL7_SOUTH_SENDER, ctrl(), SHARED, mrn, "Southperson")),
                "MSA", 1)).isEqualTo("AA");
        String control = ctrl();

        String ack = send(TestSecurity.HL7_NORTH_SENDER, adt("A08", TestSecurity.HL7_NORTH_SENDER, control, SHARED, mrn, "Hijacked"));

        assertThat(field(ack, "MSA", 1)).isEqualTo("AE");
        assertThat(field(ack, "ERR", 2)).isEqualTo("PID^1^3");
        assertThat(field(ack, "ERR", 3)).startsWith("204^");
        assertThat(ack).doesNotContain("Southperson").doesNotContain(TestSecurity.ORG_SOUTH).doesNotContain(mrn);
        Patient patient = onePatient(SHARED_SYSTEM, mrn);
        assertThat(patient.getNameFirstRep().getFamily()).isEqualTo("Southperson");
        assertThat(patient.getManagingOrganization().getReference()).isEqualTo("Organization/" + TestSecurity.ORG_SOUTH);
        assertThat(patient.getMeta().getVersionId()).isEqualTo("1");
        assertThat(journalEntry(control).status()).isEqualTo(JournalStatus.ERROR);
        assertThat(Hl7Audits.of(auditLog, control)).singleElement().satisfies(event -> {
            assertThat(who(event)).isEqualTo("partner:" + TestSecurity.HL7_NORTH);
            assertThat(event.getEntity()).hasSize(1); // the message only: nothing written
        });
    }

    @Test
    void anUpdateWithoutManagingOrganisationKeepsItWhicheverPartnerSendsIt() throws Exception {
        assertThat(field(send(TestSecurity.HL7_NORTH_SENDER, adt("A04", TestSecurity.HL7_NORTH_SENDER, ctrl(), SHARED, mrn, "First")),
                "MSA", 1)).isEqualTo("AA");

        assertThat(field(send(TestSecurity.HL7_NORTH_SENDER, adt("A08", TestSecurity.HL7_NORTH_SENDER, ctrl(), SHARED, mrn, "Second")),
                "MSA", 1)).isEqualTo("AA");
        Patient renamed = onePatient(SHARED_SYSTEM, mrn);
        assertThat(renamed.getNameFirstRep().getFamily()).isEqualTo("Second");
        assertThat(renamed.getManagingOrganization().getReference()).isEqualTo("Organization/" + TestSecurity.ORG);

        // a partner without organisation limits (the fixtures' sender) may update it, and still does not drop it
        assertThat(field(MllpClient.sendOnce(mllpPort, adt("A08", FIXTURES_SENDER, ctrl(), SHARED, mrn, "Third")),
                "MSA", 1)).isEqualTo("AA");
        Patient again = onePatient(SHARED_SYSTEM, mrn);
        assertThat(again.getNameFirstRep().getFamily()).isEqualTo("Third");
        assertThat(again.getManagingOrganization().getReference()).isEqualTo("Organization/" + TestSecurity.ORG);
        assertThat(again.getMeta().getVersionId()).isEqualTo("3");
    }

    @Test
    void aMergeAcrossOrganisationsIsAnsweredAeAndRetiresNobody() throws Exception {
        String southMrn = mrn;
        String northMrn = "MR" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(field(send(TestSecurity.HL7_SOUTH_SENDER, adt("A04", TestSecurity.HL7_SOUTH_SENDER, ctrl(), SHARED, southMrn, "Southprior")),
                "MSA", 1)).isEqualTo("AA");
        assertThat(field(send(TestSecurity.HL7_NORTH_SENDER, adt("A04", TestSecurity.HL7_NORTH_SENDER, ctrl(), SHARED, northMrn, "Northsurvivor")),
                "MSA", 1)).isEqualTo("AA");
        String control = ctrl();

        String ack = send(TestSecurity.HL7_NORTH_SENDER, merge(TestSecurity.HL7_NORTH_SENDER, control, SHARED, northMrn, SHARED, southMrn));

        assertThat(field(ack, "MSA", 1)).isEqualTo("AE");
        assertThat(field(ack, "ERR", 3)).startsWith("204^");
        Patient prior = onePatient(SHARED_SYSTEM, southMrn);
        assertThat(prior.hasActive() && !prior.getActive()).isFalse();
        assertThat(prior.getLink()).isEmpty();
        assertThat(prior.getMeta().getVersionId()).isEqualTo("1");
        assertThat(onePatient(SHARED_SYSTEM, northMrn).getMeta().getVersionId()).isEqualTo("1");
        assertThat(journalEntry(control).status()).isEqualTo(JournalStatus.ERROR);

        // within its own organisation the same partner merges
        String ownPrior = "MR" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(field(send(TestSecurity.HL7_NORTH_SENDER, adt("A04", TestSecurity.HL7_NORTH_SENDER, ctrl(), SHARED, ownPrior, "Northprior")),
                "MSA", 1)).isEqualTo("AA");
        assertThat(field(send(TestSecurity.HL7_NORTH_SENDER, merge(TestSecurity.HL7_NORTH_SENDER, ctrl(), SHARED, northMrn, SHARED, ownPrior)),
                "MSA", 1)).isEqualTo("AA");
        assertThat(onePatient(SHARED_SYSTEM, ownPrior).getActive()).isFalse();
    }

    @Test
    void aResultForAnotherOrganisationsPatientIsAnsweredAeAndNothingIsStored() throws Exception {
        assertThat(field(send(TestSecurity.HL7_SOUTH_SENDER, adt("A04", TestSecurity.HL7_SOUTH_SENDER, ctrl(), SHARED, mrn, "Southresult")),
                "MSA", 1)).isEqualTo("AA");
        Patient south = onePatient(SHARED_SYSTEM, mrn);
        String control = ctrl();

        String ack = send(TestSecurity.HL7_NORTH_SENDER, result(TestSecurity.HL7_NORTH_SENDER, control, SHARED, mrn));

        assertThat(field(ack, "MSA", 1)).isEqualTo("AE");
        assertThat(field(ack, "ERR", 3)).startsWith("204^");
        assertThat(ack).doesNotContain("Southresult").doesNotContain(mrn);
        assertThat(observationsOf(south.getIdElement().getIdPart())).isEmpty();
        assertThat(onePatient(SHARED_SYSTEM, mrn).getMeta().getVersionId()).isEqualTo("1");
        assertThat(journalEntry(control).status()).isEqualTo(JournalStatus.ERROR);

        // the same result for its own patient is stored
        String own = "MR" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(field(send(TestSecurity.HL7_NORTH_SENDER, result(TestSecurity.HL7_NORTH_SENDER, ctrl(), SHARED, own)), "MSA", 1))
                .isEqualTo("AA");
        Patient created = onePatient(SHARED_SYSTEM, own);
        assertThat(created.getManagingOrganization().getReference()).isEqualTo("Organization/" + TestSecurity.ORG);
        assertThat(observationsOf(created.getIdElement().getIdPart())).hasSize(1);
    }

    @Test
    void identifiersOutsideThePartnersAssigningAuthoritiesAreAnsweredAeAtTheirFieldWhetherOrNotTheyExist() throws Exception {
        // a patient under SOUTHCLINIC exists (the fixtures' sender); the east partner may write EASTCLINIC only
        assertThat(field(MllpClient.sendOnce(mllpPort, adt("A04", FIXTURES_SENDER, ctrl(), "SOUTHCLINIC", mrn, "Southclinic")),
                "MSA", 1)).isEqualTo("AA");
        String absent = "MR" + UUID.randomUUID().toString().substring(0, 8);

        String existing = send(TestSecurity.HL7_EAST_SENDER, adt("A08", TestSecurity.HL7_EAST_SENDER, ctrl(), "SOUTHCLINIC", mrn, "Eastname"));
        String nobody = send(TestSecurity.HL7_EAST_SENDER, adt("A08", TestSecurity.HL7_EAST_SENDER, ctrl(), "SOUTHCLINIC", absent, "Eastname"));

        assertThat(field(existing, "MSA", 1)).isEqualTo("AE");
        assertThat(field(existing, "ERR", 2)).isEqualTo("PID^1^3^1^4");
        assertThat(field(existing, "ERR", 3)).startsWith("103^");
        assertThat(segment(existing, "ERR")).isEqualTo(segment(nobody, "ERR"));
        assertThat(onePatient("https://kaphub.org/fhir/sid/SOUTHCLINIC", mrn).getNameFirstRep().getFamily()).isEqualTo("Southclinic");
        assertThat(patients("https://kaphub.org/fhir/sid/SOUTHCLINIC", absent)).isEmpty();

        // a merge's prior patient (MRG-1) too
        String merge = send(TestSecurity.HL7_EAST_SENDER, merge(TestSecurity.HL7_EAST_SENDER, ctrl(), "EASTCLINIC", absent, "SOUTHCLINIC", mrn));
        assertThat(field(merge, "MSA", 1)).isEqualTo("AE");
        assertThat(field(merge, "ERR", 2)).isEqualTo("MRG^1^1^1^4");
        assertThat(onePatient("https://kaphub.org/fhir/sid/SOUTHCLINIC", mrn).getMeta().getVersionId()).isEqualTo("1");

        // under its own authority it writes
        assertThat(field(send(TestSecurity.HL7_EAST_SENDER, adt("A04", TestSecurity.HL7_EAST_SENDER, ctrl(), "EASTCLINIC", mrn, "Eastperson")),
                "MSA", 1)).isEqualTo("AA");
        assertThat(onePatient(TestSecurity.HL7_EAST_AUTHORITY, mrn).getNameFirstRep().getFamily()).isEqualTo("Eastperson");
    }

    // ---- messages

    static String adt(String event, String[] sender, String control, String authority, String mrn, String family) {
        return "MSH|^~\\&|" + sender[0] + "|" + sender[1] + "|KAPHUB|KAP|20240306083000||ADT^" + event + "^ADT_A01|" + control + "|P|2.5.1\r"
                + "EVN|" + event + "|20240306083000\r"
                + "PID|1||" + mrn + "^^^" + authority + "^MR||" + family + "^INGRID||19840712|F\r"
                + "PV1|1|O\r";
    }

    static String merge(String[] sender, String control, String survivorAuthority, String survivor, String priorAuthority, String prior) {
        return "MSH|^~\\&|" + sender[0] + "|" + sender[1] + "|KAPHUB|KAP|20240310083000||ADT^A40^ADT_A39|" + control + "|P|2.5.1\r"
                + "EVN|A40|20240310083000\r"
                + "PID|1||" + survivor + "^^^" + survivorAuthority + "^MR||Merged^INGRID||19840712|F\r"
                + "MRG|" + prior + "^^^" + priorAuthority + "^MR\r";
    }

    /** A lone PHQ-9 total (ORU^R01) for the patient {@code authority}|{@code mrn}: fixture oru-r01-phq9-total.hl7. */
    static String result(String[] sender, String control, String authority, String mrn) {
        return Hl7v2Fixtures.read("oru-r01-phq9-total.hl7").replace("{{MRN}}", mrn).replace("{{CTRL}}", control)
                .replace("|KAPEHR|SOUTHCLINIC|", "|" + sender[0] + "|" + sender[1] + "|")
                .replace("^^^SOUTHCLINIC^MR", "^^^" + authority + "^MR").replace("\n", "\r");
    }

    String send(String[] sender, String message) throws Exception {
        assertThat(message).contains("|" + sender[0] + "|" + sender[1] + "|");
        return MllpClient.sendOnce(mllpPort, message);
    }

    /** One message over MLLP/TLS, presenting the client certificate in {@code keyStore}. */
    String sendOverTls(java.nio.file.Path keyStore, String message) throws Exception {
        try (MllpClient client = new MllpClient(MllpTlsSockets.connect(tlsPort, certificates(), keyStore), 30_000)) {
            return client.send(message);
        }
    }

    HttpResponse<String> get(String path, String client) throws Exception {
        String token = Tokens.forClient(httpPort, client, TestSecurity.SECRET, null);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .header("Authorization", "Bearer " + token).header("Accept", "application/fhir+json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    // ---- reading back past the REST layer

    List<Patient> patients(String system, String value) {
        return daos.getResourceDao(Patient.class)
                .search(SearchParameterMap.newSynchronous("identifier", new TokenParam(system, value)), system())
                .getAllResources().stream().map(Patient.class::cast).toList();
    }

    Patient onePatient(String system, String value) {
        List<Patient> found = patients(system, value);
        assertThat(found).hasSize(1);
        // the search result may be cached; the current version is what counts
        return (Patient) daos.getResourceDao(Patient.class).read(new IdType("Patient", found.get(0).getIdElement().getIdPart()), system());
    }

    List<IBaseResource> observationsOf(String patientId) {
        return daos.getResourceDao(Observation.class)
                .search(SearchParameterMap.newSynchronous("subject", new ReferenceParam("Patient/" + patientId)), system())
                .getAllResources();
    }

    JournalEntry journalEntry(String controlId) {
        long id = jdbc.sql("SELECT ID FROM KAP_MESSAGE_JOURNAL WHERE CONTROL_ID = ?").param(controlId).query(Long.class).single();
        return journal.find(id).orElseThrow();
    }

    TestCertificates certificates() {
        return TestSecurity.certificates(dataDir.resolve("tls"));
    }

    static SystemRequestDetails system() {
        return new SystemRequestDetails();
    }

    static String who(AuditEvent event) {
        return event.getAgentFirstRep().getWho().getIdentifier().getValue();
    }

    /** The ACK without its MSH (own control id and time differ on every answer). */
    static String withoutMsh(String ack) {
        return ack.substring(ack.indexOf('\r') + 1);
    }

    static String ctrl() {
        return "CTL" + UUID.randomUUID().toString().substring(0, 12);
    }
}
