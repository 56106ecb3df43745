package org.kaphub.routes;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.apache.camel.CamelContext;
import org.apache.camel.component.mllp.MllpComponent;
import org.kaphub.hl7v2.mllp.ShortFrameAnsweringMllpComponent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kaphub.journal.JournalEntry;
import org.kaphub.journal.JournalStatus;
import org.kaphub.journal.MessageJournal;
import org.kaphub.support.DevFhirHttp;
import org.kaphub.support.MllpClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ADT^A04/A08 over a real MLLP socket into FHIR, checked through the REST API and the journal;
 * run once per database.
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class AdtInboundContract {

    static final String AUTHORITY_SYSTEM = "https://kaphub.org/fhir/sid/SOUTHCLINIC";

    @LocalServerPort
    int httpPort;
    @Value("${kap.mllp.port}")
    int mllpPort;
    @Value("${kap.mllp.max-message-bytes}")
    int maxMessageBytes;
    @Value("${kap.mllp.max-frame-bytes}")
    int maxFrameBytes;
    @Autowired
    MessageJournal journal;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    CamelContext camel;

    IGenericClient fhir;

    @BeforeEach
    void connect() {
        fhir = DevFhirHttp.client(httpPort);
    }

    @Test
    void a04IsAcknowledgedAaOnlyWithThePatientStoredAndJournalled(CapturedOutput output) throws Exception {
        String mrn = "MR" + UUID.randomUUID().toString().substring(0, 8);
        String controlId = "CTL" + UUID.randomUUID().toString().substring(0, 8);
        String ack = MllpClient.sendOnce(mllpPort, adt("A04", controlId, mrn, "Halvorsen", "2.5.1"));

        assertThat(field(ack, "MSA", 1)).isEqualTo("AA");
        assertThat(field(ack, "MSA", 2)).isEqualTo(controlId);

        Patient patient = findByMrn(mrn);
        assertThat(patient.getNameFirstRep().getFamily()).isEqualTo("Halvorsen");
        assertThat(patient.getBirthDateElement().getValueAsString()).isEqualTo("1984-07-12");
        assertThat(patient.getGender().toCode()).isEqualTo("female");
        assertThat(patient.getAddressFirstRep().getCity()).isEqualTo("Portland");
        assertThat(patient.getTelecomFirstRep().getValue()).contains("5550142");

        JournalEntry entry = journalEntry(controlId);
        assertThat(entry.status()).isEqualTo(JournalStatus.ACCEPTED);
        assertThat(entry.ackCode()).isEqualTo("AA");
        assertThat(entry.ackMessage()).isEqualTo(ack);
        assertThat(entry.resourceIds()).startsWith("Patient/" + patient.getIdElement().getIdPart() + "/_history/");
        assertThat(new String(journal.rawMessage(entry.id()).orElseThrow(), StandardCharsets.UTF_8))
                .contains("PID|1||" + mrn);
        // No PHI in the log: neither the name nor the identifier
        assertThat(output.getAll()).doesNotContain("Halvorsen").doesNotContain(mrn);
    }

    @Test
    void a08UpdatesTheSamePatientInsteadOfCreatingASecond() throws Exception {
        String mrn = "MR" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(field(MllpClient.sendOnce(mllpPort, adt("A04", "C1" + mrn, mrn, "Moreau", "2.3")), "MSA", 1)).isEqualTo("AA");
        assertThat(field(MllpClient.sendOnce(mllpPort, adt("A08", "C2" + mrn, mrn, "Moreau-Blanc", "2.8")), "MSA", 1)).isEqualTo("AA");

        Bundle found = searchByMrn(mrn);
        assertThat(found.getEntry()).hasSize(1);
        Patient patient = (Patient) found.getEntryFirstRep().getResource();
        assertThat(patient.getNameFirstRep().getFamily()).isEqualTo("Moreau-Blanc");
        assertThat(patient.getMeta().getVersionId()).isEqualTo("2");
    }

    @Test
    void garbageIsRejectedArAndJournalledAndTheListenerKeepsServing() throws Exception {
        try (MllpClient client = new MllpClient(mllpPort)) {
            String ack = client.sendBytes("this is not HL7 at all".getBytes(StandardCharsets.US_ASCII));
            assertThat(field(ack, "MSA", 1)).isEqualTo("AR");
            assertThat(ack).contains("\rERR|");
            // same connection still serves a good message
            String mrn = "MR" + UUID.randomUUID().toString().substring(0, 8);
            assertThat(field(client.send(adt("A04", "C3" + mrn, mrn, "Sato", "2.5.1")), "MSA", 1)).isEqualTo("AA");
        }
        long rejected = jdbc.sql("SELECT COUNT(*) FROM KAP_MESSAGE_JOURNAL WHERE STATUS = 'REJECTED' AND ACK_CODE = 'AR'")
                .query(Long.class).single();
        assertThat(rejected).isPositive();
    }

    @Test
    void missingPatientIdentifierIsAnsweredAeWithErrSegment() throws Exception {
        String controlId = "CTL" + UUID.randomUUID().toString().substring(0, 8);
        String message = adt("A04", controlId, "X", "Nakamura", "2.5.1").replace("PID|1||X^^^SOUTHCLINIC^MR|", "PID|1|||");
        String ack = MllpClient.sendOnce(mllpPort, message);

        assertThat(field(ack, "MSA", 1)).isEqualTo("AE");
        assertThat(field(ack, "MSA", 2)).isEqualTo(controlId);
        String err = segment(ack, "ERR");
        assertThat(err).contains("PID^1^3").contains("101");
        assertThat(err).doesNotContain("Nakamura");

        JournalEntry entry = journalEntry(controlId);
        assertThat(entry.status()).isEqualTo(JournalStatus.ERROR);
        assertThat(entry.errorText()).isNotBlank().doesNotContain("Nakamura");
    }

    @Test
    void messageTypeThisListenerDoesNotTakeIsRejectedAr() throws Exception {
        String controlId = "CTL" + UUID.randomUUID().toString().substring(0, 8);
        String vxu = "MSH|^~\\&|IIS|SOUTHCLINIC|KAPHUB|KAP|20240306083000||VXU^V04^VXU_V04|" + controlId + "|P|2.5.1\r"
                + "PID|1||MR1^^^SOUTHCLINIC^MR||DOE^JANE\r";
        String ack = MllpClient.sendOnce(mllpPort, vxu);
        assertThat(field(ack, "MSA", 1)).isEqualTo("AR");
        assertThat(journalEntry(controlId).status()).isEqualTo(JournalStatus.REJECTED);
    }

    @Test
    void oversizeMessageIsAnsweredArJournaledAndTheConnectionKeepsServing() throws Exception {
        // Over kap.mllp.max-message-bytes, under max-frame-bytes: read whole, refused with AR, its start journaled.
        byte[] huge = new byte[maxMessageBytes + 1000];
        java.util.Arrays.fill(huge, (byte) 'A');
        byte[] marker = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(marker, 0, huge, 0, marker.length);
        try (MllpClient client = new MllpClient(mllpPort, 10_000)) {
            String ack = client.sendBytes(huge);
            assertThat(field(ack, "MSA", 1)).isEqualTo("AR");
            assertThat(field(ack, "ERR", 3)).startsWith("104^");
            assertThat(field(ack, "ERR", 8)).contains(huge.length + " bytes").contains(maxMessageBytes + " bytes");
            String mrn = "MR" + UUID.randomUUID().toString().substring(0, 8);
            assertThat(field(client.send(adt("A04", "C4" + mrn, mrn, "Okoye", "2.5.1")), "MSA", 1)).isEqualTo("AA");
        }
        JournalEntry entry = journalEntryByContent(java.util.Arrays.copyOf(huge, maxMessageBytes));
        assertThat(entry.status()).isEqualTo(JournalStatus.REJECTED);
        assertThat(entry.ackCode()).isEqualTo("AR");
        assertThat(entry.errorText()).contains(huge.length + " bytes");
        assertThat(journal.rawMessage(entry.id()).orElseThrow()).hasSize(maxMessageBytes);
    }

    @Test
    void frameOverTheBufferCapResetsThatConnectionOnlyAndTheListenerKeepsServing() throws Exception {
        // Over kap.mllp.max-frame-bytes camel-mllp stops reading and resets the connection: nothing to answer.
        byte[] huge = new byte[maxFrameBytes + 1000];
        java.util.Arrays.fill(huge, (byte) 'A');
        try (MllpClient client = new MllpClient(mllpPort, 10_000)) {
            String answer = null;
            try {
                answer = client.sendBytes(huge);
            } catch (java.io.IOException reset) {
                // expected
            }
            assertThat(answer).isNull();
        }
        String mrn = "MR" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(field(MllpClient.sendOnce(mllpPort, adt("A04", "C5" + mrn, mrn, "Okoye", "2.5.1")), "MSA", 1)).isEqualTo("AA");
    }

    @Test
    void theMllpSchemeIsTheShortFrameAnsweringComponentConfiguredNotToLogPhi() {
        MllpComponent mllp = camel.getComponent("mllp", MllpComponent.class);
        assertThat(mllp).isInstanceOf(ShortFrameAnsweringMllpComponent.class);
        assertThat(mllp.getLogPhi()).isFalse();
    }

    @Test
    void emptyAndTooShortFramesAreAnsweredArJournaledAndTheConnectionKeepsServing() throws Exception {
        byte[] empty = new byte[0];
        byte[] tooShort = "MS".getBytes(StandardCharsets.US_ASCII);
        int emptyRowsBefore = journalEntriesByContent(empty).size();
        try (MllpClient client = new MllpClient(mllpPort)) {
            for (byte[] frame : List.of(empty, tooShort)) {
                String ack = client.sendBytes(frame);
                assertThat(field(ack, "MSA", 1)).isEqualTo("AR");
                assertThat(field(ack, "ERR", 3)).startsWith("100^");
            }
            String mrn = "MR" + UUID.randomUUID().toString().substring(0, 8);
            assertThat(field(client.send(adt("A04", "C6" + mrn, mrn, "Okoye", "2.5.1")), "MSA", 1)).isEqualTo("AA");
        }
        List<JournalEntry> emptyRows = journalEntriesByContent(empty);
        assertThat(emptyRows).hasSize(emptyRowsBefore + 1);
        JournalEntry entry = emptyRows.get(emptyRows.size() - 1);
        assertThat(entry.status()).isEqualTo(JournalStatus.REJECTED);
        assertThat(entry.ackCode()).isEqualTo("AR");
        assertThat(journal.rawMessage(entry.id()).orElseThrow()).isEmpty();
        assertThat(journalEntriesByContent(tooShort)).extracting(JournalEntry::status).contains(JournalStatus.REJECTED);
    }

    static String adt(String event, String controlId, String mrn, String family, String version) {
        return "MSH|^~\\&|REGADT|SOUTHCLINIC|KAPHUB|KAP|20240306083000||ADT^" + event + "^ADT_A01|" + controlId + "|P|" + version + "\r"
                + "EVN|" + event + "|20240306083000\r"
                + "PID|1||" + mrn + "^^^SOUTHCLINIC^MR||" + family + "^INGRID^^^^^L||19840712|F|||12 ELM ST^^Portland^OR^97201^USA^H||^PRN^PH^^1^503^5550142\r"
                + "PV1|1|O\r";
    }

    Patient findByMrn(String mrn) {
        Bundle found = searchByMrn(mrn);
        assertThat(found.getEntry()).hasSize(1);
        return (Patient) found.getEntryFirstRep().getResource();
    }

    Bundle searchByMrn(String mrn) {
        return fhir.search().forResource(Patient.class)
                .where(Patient.IDENTIFIER.exactly().systemAndCode(AUTHORITY_SYSTEM, mrn))
                .returnBundle(Bundle.class).execute();
    }

    JournalEntry journalEntryByContent(byte[] raw) throws java.security.NoSuchAlgorithmException {
        List<JournalEntry> rows = journalEntriesByContent(raw);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    List<JournalEntry> journalEntriesByContent(byte[] raw) throws java.security.NoSuchAlgorithmException {
        String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(raw));
        return jdbc.sql("SELECT ID FROM KAP_MESSAGE_JOURNAL WHERE CONTENT_SHA256 = ? ORDER BY ID").param(sha256)
                .query(Long.class).list().stream().map(id -> journal.find(id).orElseThrow()).toList();
    }

    JournalEntry journalEntry(String controlId) {
        long id = jdbc.sql("SELECT ID FROM KAP_MESSAGE_JOURNAL WHERE CONTROL_ID = ?").param(controlId).query(Long.class).single();
        return journal.find(id).orElseThrow();
    }

    static String segment(String message, String name) {
        for (String segment : message.split("\r")) {
            if (segment.startsWith(name + "|")) {
                return segment;
            }
        }
        throw new AssertionError("No " + name + " segment in " + message);
    }

    static String field(String message, String segmentName, int field) {
        String[] fields = segment(message, segmentName).split("\\|", -1);
        return fields.length > field ? fields[field] : "";
    }
}
