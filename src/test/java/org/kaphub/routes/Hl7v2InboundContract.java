package org.kaphub.routes;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kaphub.audit.AuditLog;
import org.kaphub.hl7v2.Hl7v2Fixtures;
import org.kaphub.hl7v2.mapping.JournalProvenance;
import org.kaphub.journal.JournalEntry;
import org.kaphub.journal.JournalStatus;
import org.kaphub.journal.MessageJournal;
import org.kaphub.profiles.KapProfiles;
import org.kaphub.profiles.ProfileEnforcement;
import org.kaphub.support.DevFhirHttp;
import org.kaphub.support.Hl7Audits;
import org.kaphub.support.MllpClient;
import org.kaphub.vocabulary.KapCanonicals;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every inbound message type over a real MLLP socket into profiled FHIR, read back through the REST API; duplicates,
 * conflicting duplicates, journal rows and Provenance; malformed input. Run once per database (H2, MariaDB), in the
 * shared context of each.
 */
abstract class Hl7v2InboundContract {

    static final String SOUTHCLINIC = "https://kaphub.org/fhir/sid/SOUTHCLINIC";

    @LocalServerPort
    int httpPort;
    @Value("${kap.mllp.port}")
    int mllpPort;
    @Value("${kap.mllp.max-message-bytes}")
    int maxMessageBytes;
    @Autowired
    MessageJournal journal;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AuditLog auditLog;

    @Autowired
    ProfileEnforcement enforcement;

    IGenericClient fhir;
    String mrn;

    @BeforeEach
    void connect() {
        fhir = DevFhirHttp.client(httpPort);
        mrn = "MR" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void adtA01StoresPatientAndEncounterOfTheVisit() throws Exception {
        String ack = send("adt-a01-visit.hl7", null);
        assertThat(field(ack, "MSA", 1)).isEqualTo("AA");
        Encounter encounter = one(Encounter.class, "identifier=" + SOUTHCLINIC + "|V-" + mrn + "-3");
        assertThat(encounter.getStatus()).isEqualTo(Encounter.EncounterStatus.INPROGRESS);
        assertThat(encounter.getClass_().getCode()).isEqualTo("AMB");
        assertThat(encounter.getSubject().getReference()).isEqualTo("Patient/" + patient().getIdPart());
    }

    @Test
    void adtA40MarksThePriorPatientReplacedByTheSurvivor() throws Exception {
        String oldMrn = mrn;
        assertThat(field(send("adt-a01-visit.hl7", null), "MSA", 1)).isEqualTo("AA");
        String survivorMrn = "MR" + UUID.randomUUID().toString().substring(0, 8);
        String ack = MllpClient.sendOnce(mllpPort, fixture("adt-a40-merge.hl7", survivorMrn, ctrl()).replace("{{OLDMRN}}", oldMrn));
        assertThat(field(ack, "MSA", 1)).isEqualTo("AA");
        Patient old = one(Patient.class, "identifier=" + SOUTHCLINIC + "|" + oldMrn);
        Patient survivor = one(Patient.class, "identifier=" + SOUTHCLINIC + "|" + survivorMrn);
        assertThat(old.getActive()).isFalse();
        assertThat(old.getLinkFirstRep().getType()).isEqualTo(Patient.LinkType.REPLACEDBY);
        assertThat(old.getLinkFirstRep().getOther().getReference()).isEqualTo("Patient/" + survivor.getIdPart());
    }

    @Test
    void siuEventsBookThenCancelOneAppointment() throws Exception {
        assertThat(field(send("siu-s12-dosing.hl7", "S12"), "MSA", 1)).isEqualTo("AA");
        Appointment booked = one(Appointment.class, "identifier=https://kaphub.org/fhir/sid/KAPSCHED|APT-" + mrn + "-F");
        assertThat(booked.getStatus()).isEqualTo(Appointment.AppointmentStatus.BOOKED);
        assertThat(booked.getMinutesDuration()).isEqualTo(120);
        assertThat(booked.getParticipant()).hasSize(2);

        assertThat(field(send("siu-s12-dosing.hl7", "S15"), "MSA", 1)).isEqualTo("AA");
        Appointment cancelled = one(Appointment.class, "identifier=https://kaphub.org/fhir/sid/KAPSCHED|APT-" + mrn + "-F");
        assertThat(cancelled.getIdPart()).isEqualTo(booked.getIdPart());
        assertThat(cancelled.getStatus()).isEqualTo(Appointment.AppointmentStatus.CANCELLED);
    }

    @Test
    void rdeO11AndOmpO09BecomeKapMedicationRequests() throws Exception {
        assertThat(field(send("rde-o11-ketamine.hl7", null), "MSA", 1)).isEqualTo("AA");
        MedicationRequest ketamine = one(MedicationRequest.class, "identifier=https://kaphub.org/fhir/sid/KAPEHR|ORD-" + mrn);
        assertThat(ketamine.getRequester().getIdentifier().getValue()).isEqualTo("1234567890");
        assertThat(ketamine.getDosageInstructionFirstRep().getRoute().getCoding()).extracting("code").contains("47625008", "IV");
        assertThat(ketamine.getDosageInstructionFirstRep().getDoseAndRateFirstRep().getDoseQuantity().getCode()).isEqualTo("mg/kg");

        assertThat(field(send("omp-o09-esketamine.hl7", null), "MSA", 1)).isEqualTo("AA");
        MedicationRequest esketamine = one(MedicationRequest.class, "identifier=https://kaphub.org/fhir/sid/KAPEHR|ESK-" + mrn);
        assertThat(esketamine.getMedicationCodeableConcept().getCodingFirstRep().getCode()).isEqualTo("2201625");
    }

    @Test
    void orderWithoutOrderingProviderIsAnsweredAeAtOrc12() throws Exception {
        String message = fixture("rde-o11-ketamine.hl7", mrn, ctrl()).replaceAll("\\|1234567890\\^NGUYEN[^\\r|]*", "|");
        String ack = MllpClient.sendOnce(mllpPort, message);
        assertThat(field(ack, "MSA", 1)).isEqualTo("AE");
        assertThat(segment(ack, "ERR")).contains("ORC^1^12").contains("101");
    }

    @Test
    void rasO17BecomesAKapMedicationAdministrationWithDerivedIvRateAndLots() throws Exception {
        String controlId = ctrl();
        String ack = MllpClient.sendOnce(mllpPort, fixture("ras-o17-ketamine-iv.hl7", mrn, controlId));
        assertThat(field(ack, "MSA", 1)).isEqualTo("AA");
        MedicationAdministration given = one(MedicationAdministration.class,
                "identifier=" + SOUTHCLINIC + "/administration|FIL-" + mrn + "-3-0-1");
        assertThat(given.getStatus()).isEqualTo(MedicationAdministration.MedicationAdministrationStatus.COMPLETED);
        assertThat(given.getDosage().getDose().getValue()).isEqualByComparingTo("35");
        assertThat(given.getDosage().getRateQuantity().getCode()).isEqualTo("mg/min");
        assertThat(given.getExtensionsByUrl("https://fhir.kaphub.org/StructureDefinition/kap-medication-lot")).hasSize(2);
        assertThat(given.getEffectivePeriod().getStartElement().getValueAsString()).isEqualTo("2024-03-06T09:20:00-08:00");
        // validated against its KAP profile on the way in, and says so
        assertThat(given.getMeta().getProfile()).extracting("value").containsExactly(KapCanonicals.MEDICATION_ADMINISTRATION_PROFILE);
        assertMeetsItsKapProfiles(given);

        // Provenance points at the journal entry and targets what was written
        JournalEntry entry = journalEntry(controlId);
        Bundle byTarget = fhir.search().byUrl("Provenance?target=MedicationAdministration/" + given.getIdPart())
                .returnBundle(Bundle.class).execute();
        assertThat(byTarget.getEntry()).hasSize(1);
        Provenance provenance = (Provenance) byTarget.getEntryFirstRep().getResource();
        assertThat(provenance.getEntityFirstRep().getWhat().getIdentifier().getSystem()).isEqualTo(KapCanonicals.MESSAGE_JOURNAL_SID);
        assertThat(provenance.getEntityFirstRep().getWhat().getIdentifier().getValue()).isEqualTo(Long.toString(entry.id()));
        assertThat(provenance.getActivity().getCodingFirstRep().getCode()).isEqualTo("O17");
        assertThat(entry.resourceIds()).contains("MedicationAdministration/" + given.getIdPart()).contains("Provenance/");
    }

    @Test
    void esketamineAdministrationWithAWrongDoseIsAnsweredAeAtRxa6() throws Exception {
        assertThat(field(send("ras-o17-esketamine.hl7", null), "MSA", 1)).isEqualTo("AA");
        String wrong = fixture("ras-o17-esketamine.hl7", mrn, ctrl()).replace("|56|mg", "|60|mg");
        String ack = MllpClient.sendOnce(mllpPort, wrong);
        assertThat(field(ack, "MSA", 1)).isEqualTo("AE");
        assertThat(segment(ack, "ERR")).contains("RXA^1^6");
    }

    @Test
    void oruVitalsBecomeKapVitalSignObservationsWithOneBloodPressurePanel() throws Exception {
        assertThat(field(send("oru-r01-vitals.hl7", null), "MSA", 1)).isEqualTo("AA");
        Patient patient = patientResource();
        Bundle found = fhir.search().byUrl("Observation?subject=Patient/" + patient.getIdPart()).returnBundle(Bundle.class).execute();
        List<String> codes = found.getEntry().stream().map(e -> ((Observation) e.getResource()).getCode().getCodingFirstRep().getCode()).toList();
        assertThat(codes).containsExactlyInAnyOrder("85354-9", "8867-4", "59408-5", "9279-1");
        Observation bp = found.getEntry().stream().map(e -> (Observation) e.getResource())
                .filter(o -> o.getCode().getCodingFirstRep().getCode().equals("85354-9")).findFirst().orElseThrow();
        assertThat(bp.getComponent()).hasSize(2);
        assertThat(bp.getMeta().getProfile()).extracting("value").contains("https://fhir.kaphub.org/StructureDefinition/kap-blood-pressure");
    }

    @Test
    void oruPhq9PanelBecomesAQuestionnaireResponseAndTheServerScoresIt() throws Exception {
        assertThat(field(send("oru-r01-phq9-panel.hl7", null), "MSA", 1)).isEqualTo("AA");
        QuestionnaireResponse response = one(QuestionnaireResponse.class,
                "identifier=" + SOUTHCLINIC + "/questionnaire-response|PHQ-" + mrn + "-1-44249-1");
        assertThat(response.getQuestionnaire()).isEqualTo("https://fhir.kaphub.org/Questionnaire/phq-9");
        assertThat(response.getItem()).hasSize(9);
        Observation score = one(Observation.class, "derived-from=QuestionnaireResponse/" + response.getIdPart());
        // 2+3+2+1+1+2+1+0+0
        assertThat(score.getValueQuantity().getValue()).isEqualByComparingTo("12");
    }

    @Test
    void oruLonePhq9TotalBecomesAKapScoreObservation() throws Exception {
        assertThat(field(send("oru-r01-phq9-total.hl7", null), "MSA", 1)).isEqualTo("AA");
        Observation score = one(Observation.class, "subject=Patient/" + patientResource().getIdPart() + "&code=44261-6");
        assertThat(score.getValueQuantity().getCode()).isEqualTo("{score}");
        assertThat(score.getValueQuantity().getValue()).isEqualByComparingTo("14");
    }

    @Test
    void oruPhq9PanelSentAsItsTotalAloneBecomesAKapScoreObservationAndNoQuestionnaireResponse() throws Exception {
        assertThat(field(send("oru-r01-phq9-panel-total-only.hl7", null), "MSA", 1)).isEqualTo("AA");
        Observation score = one(Observation.class, "identifier=" + SOUTHCLINIC + "/observation|PHQ-" + mrn + "-5-44261-6");
        assertThat(score.getCode().getCoding()).extracting("system", "code")
                .containsExactly(org.assertj.core.groups.Tuple.tuple("http://loinc.org", "44261-6"));
        assertThat(score.getValueQuantity().getValue()).isEqualByComparingTo("17");
        assertThat(score.getValueQuantity().getCode()).isEqualTo("{score}");
        assertThat(score.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2024-03-20T07:50:00-08:00");
        assertThat(score.getSubject().getReference()).isEqualTo("Patient/" + patient().getIdPart());
        assertThat(score.getInterpretationFirstRep().getCodingFirstRep().getCode()).isEqualTo("moderately-severe");
        assertThat(score.hasDerivedFrom()).isFalse();
        assertThat(score.getMeta().getProfile()).extracting("value").containsExactly(KapCanonicals.SCORE_OBSERVATION_PROFILE);
        assertMeetsItsKapProfiles(score);
        // nothing invented: no QuestionnaireResponse for answers the clinic did not send
        assertThat(fhir.search().byUrl("QuestionnaireResponse?subject=Patient/" + patient().getIdPart())
                .returnBundle(Bundle.class).execute().getEntry()).isEmpty();
    }

    @Test
    void oruTotalOutsideItsInstrumentsRangeIsAnsweredAeAtObx5() throws Exception {
        String message = fixture("oru-r01-phq9-panel-total-only.hl7", mrn, ctrl()).replace("||17|", "||28|");
        String ack = MllpClient.sendOnce(mllpPort, message);
        assertThat(field(ack, "MSA", 1)).isEqualTo("AE");
        assertThat(segment(ack, "ERR")).contains("OBX^1^5").contains("207");
        assertThat(one(Observation.class, "identifier=" + SOUTHCLINIC + "/observation|PHQ-" + mrn + "-5-44261-6", false)).isNull();
    }

    @Test
    void mdmT02DocumentTypeKeepsTheSendersWordsAsTextAndTheTablesOwnDisplay() throws Exception {
        String message = fixture("mdm-t02-integration-note.hl7", mrn, ctrl()).replace("|PN^Progress note|", "|CN^Consult note|");
        assertThat(field(MllpClient.sendOnce(mllpPort, message), "MSA", 1)).isEqualTo("AA");
        DocumentReference note = one(DocumentReference.class, "identifier=https://kaphub.org/fhir/sid/KAPEHR|DOC-" + mrn + "-1");
        assertThat(note.getType().getText()).isEqualTo("Consult note");
        assertThat(note.getType().getCoding()).singleElement().satisfies(coding -> {
            assertThat(coding.getSystem()).isEqualTo("http://terminology.hl7.org/CodeSystem/v2-0270");
            assertThat(coding.getCode()).isEqualTo("CN");
            // HL7 table 0270 as the FHIR core package ships it (the validator's source)
            assertThat(coding.getDisplay()).isEqualTo("Consultation");
        });
    }

    @Test
    void mdmT02BecomesADocumentReferenceWithTheNoteText() throws Exception {
        assertThat(field(send("mdm-t02-integration-note.hl7", null), "MSA", 1)).isEqualTo("AA");
        DocumentReference note = one(DocumentReference.class, "identifier=https://kaphub.org/fhir/sid/KAPEHR|DOC-" + mrn + "-1");
        assertThat(note.getDocStatus()).isEqualTo(DocumentReference.ReferredDocumentStatus.FINAL);
        String text = new String(note.getContentFirstRep().getAttachment().getData(), StandardCharsets.UTF_8);
        assertThat(text).contains("meaningful&calm").contains("Plan: continue weekly integration.");
    }

    @Test
    void resendGetsTheOriginalAckAndWritesNothingNew() throws Exception {
        String controlId = ctrl();
        String message = fixture("oru-r01-phq9-total.hl7", mrn, controlId);
        String first = MllpClient.sendOnce(mllpPort, message);
        // an interface engine restamping MSH-7 on resend is still a resend
        String second = MllpClient.sendOnce(mllpPort, message.replace("20240313080000-0800", "20240313080500-0800"));
        assertThat(second).isEqualTo(first);
        List<JournalEntry> rows = journalEntries(controlId);
        assertThat(rows).extracting(JournalEntry::status).containsExactly(JournalStatus.ACCEPTED, JournalStatus.DUPLICATE);
        assertThat(rows.get(1).ackMessage()).isEqualTo(first);
        assertThat(journal.rawMessage(rows.get(1).id())).isPresent();
        assertThat(fhir.search().byUrl("Provenance?target=" + rows.get(0).resourceIds().split(" ")[1].replaceAll("/_history/.*", ""))
                .returnBundle(Bundle.class).execute().getEntry()).hasSize(1);
        // both receipts are audited; only the first one names the resources written
        List<AuditEvent> audits = Hl7Audits.of(auditLog, controlId);
        assertThat(audits).hasSize(2);
        assertThat(audits).allSatisfy(e -> assertThat(e.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0));
        assertThat(audits).extracting(e -> e.getEntity().size()).containsExactlyInAnyOrder(1, 1 + rows.get(0).resourceIds().split(" ").length);
    }

    @Test
    void reusedControlIdWithDifferentContentIsAnsweredAe() throws Exception {
        String controlId = ctrl();
        assertThat(field(MllpClient.sendOnce(mllpPort, fixture("oru-r01-phq9-total.hl7", mrn, controlId)), "MSA", 1)).isEqualTo("AA");
        String changed = fixture("oru-r01-phq9-total.hl7", mrn, controlId).replace("||14|", "||15|");
        String ack = MllpClient.sendOnce(mllpPort, changed);
        assertThat(field(ack, "MSA", 1)).isEqualTo("AE");
        assertThat(segment(ack, "ERR")).contains("MSH^1^10").contains("205").contains("different content");
        assertThat(one(Observation.class, "subject=Patient/" + patientResource().getIdPart() + "&code=44261-6")
                .getValueQuantity().getValue()).isEqualByComparingTo("14");
        assertThat(journalEntries(controlId)).extracting(JournalEntry::status).containsExactly(JournalStatus.ACCEPTED, JournalStatus.ERROR);
    }

    @Test
    void twoConnectionsSendingTheSameMessageAtOnceStoreItOnce() throws Exception {
        String controlId = ctrl();
        String message = fixture("ras-o17-esketamine.hl7", mrn, controlId);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<String>> acks = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                acks.add(pool.submit((Callable<String>) () -> MllpClient.sendOnce(mllpPort, message)));
            }
            String a = acks.get(0).get();
            String b = acks.get(1).get();
            assertThat(field(a, "MSA", 1)).isEqualTo("AA");
            assertThat(b).isEqualTo(a);
        } finally {
            pool.shutdownNow();
        }
        assertThat(journalEntries(controlId)).extracting(JournalEntry::status)
                .containsExactlyInAnyOrder(JournalStatus.ACCEPTED, JournalStatus.DUPLICATE);
        Bundle given = fhir.search().byUrl("MedicationAdministration?subject=Patient/" + patientResource().getIdPart())
                .returnBundle(Bundle.class).execute();
        assertThat(given.getEntry()).hasSize(1);
        assertThat(((MedicationAdministration) given.getEntryFirstRep().getResource()).getMeta().getVersionId()).isEqualTo("1");
    }

    @Test
    void malformedInputIsRejectedArJournalledAndTheListenerKeepsServing() throws Exception {
        String missingType = "MSH|^~\\&|KAPEHR|SOUTHCLINIC|KAPHUB|KAP|20240306||" + "|CTL-NOTYPE-" + mrn + "|P|2.5.1\rPID|1||" + mrn + "^^^SOUTHCLINIC^MR\r";
        String missingControlId = "MSH|^~\\&|KAPEHR|SOUTHCLINIC|KAPHUB|KAP|20240306||ORU^R01^ORU_R01||P|2.5.1\rPID|1||" + mrn + "^^^SOUTHCLINIC^MR\r";
        String wrongEncoding = "MSH|^~|KAPEHR|SOUTHCLINIC|KAPHUB|KAP|20240306||ORU^R01|CTL-ENC-" + mrn + "|P|2.5.1\rPID|1||" + mrn + "\r";
        try (MllpClient client = new MllpClient(mllpPort)) {
            String garbage = client.sendBytes(new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xff, 'x', 'y', 'z'});
            assertThat(field(garbage, "MSA", 1)).isEqualTo("AR");
            String type = client.send(missingType);
            assertThat(field(type, "MSA", 1)).isEqualTo("AR");
            assertThat(segment(type, "ERR")).contains("MSH^1^9");
            String control = client.send(missingControlId);
            assertThat(field(control, "MSA", 1)).isEqualTo("AR");
            assertThat(segment(control, "ERR")).contains("MSH^1^10").contains("101");
            String encoding = client.send(wrongEncoding);
            assertThat(field(encoding, "MSA", 1)).isEqualTo("AR");
            assertThat(field(encoding, "MSA", 2)).isEqualTo("CTL-ENC-" + mrn);
            // the same connection still serves a good message
            assertThat(field(client.send(fixture("oru-r01-phq9-total.hl7", mrn, ctrl())), "MSA", 1)).isEqualTo("AA");
        }
        assertThat(journalEntries("CTL-ENC-" + mrn)).extracting(JournalEntry::status).containsExactly(JournalStatus.REJECTED);
        assertThat(journalEntries("CTL-NOTYPE-" + mrn)).extracting(JournalEntry::status).containsExactly(JournalStatus.REJECTED);
    }

    @Test
    void hugeObxOverTheLimitIsAnsweredArAndJournaledAndTheListenerKeepsServing() throws Exception {
        String controlId = ctrl();
        StringBuilder huge = new StringBuilder(fixture("oru-r01-phq9-total.hl7", mrn, controlId).replace("\n", "\r"));
        huge.append("OBX|2|TX|11506-3^Note^LN||");
        huge.append("A".repeat(maxMessageBytes)); // over kap.mllp.max-message-bytes
        huge.append("||||||F\r");
        int size = huge.toString().getBytes(StandardCharsets.UTF_8).length;
        try (MllpClient client = new MllpClient(mllpPort, 10_000)) {
            String ack = client.send(huge.toString());
            assertThat(field(ack, "MSA", 1)).isEqualTo("AR");
            assertThat(field(ack, "MSA", 2)).isEqualTo(controlId);
            assertThat(field(ack, "ERR", 3)).startsWith("104^");
        }
        JournalEntry entry = journalEntry(controlId);
        assertThat(entry.status()).isEqualTo(JournalStatus.REJECTED);
        assertThat(entry.ackCode()).isEqualTo("AR");
        assertThat(entry.errorText()).contains(size + " bytes");
        assertThat(journal.rawMessage(entry.id()).orElseThrow()).hasSize(maxMessageBytes);
        assertThat(field(send("oru-r01-phq9-total.hl7", null), "MSA", 1)).isEqualTo("AA");
    }

    @Test
    void aStalledHalfSentFrameDoesNotBlockASecondClient() throws Exception {
        try (MllpClient stalled = new MllpClient(mllpPort)) {
            byte[] half = fixture("oru-r01-phq9-total.hl7", mrn, ctrl()).substring(0, 60).getBytes(StandardCharsets.UTF_8);
            stalled.writeRaw(new byte[] {MllpClient.START});
            stalled.writeRaw(half);
            long start = System.nanoTime();
            String other = MllpClient.sendOnce(mllpPort, fixture("oru-r01-phq9-total.hl7", "MR" + UUID.randomUUID().toString().substring(0, 8), ctrl()));
            assertThat(field(other, "MSA", 1)).isEqualTo("AA");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
        }
    }

    // ---- helpers

    /** The server's own verdict (HAPI's instance validator over its validation support, and the KAP rules): no errors. */
    void assertMeetsItsKapProfiles(IBaseResource resource) {
        List<String> profiles = resource.getMeta().getProfile().stream().map(p -> p.getValue()).toList();
        assertThat(profiles).allMatch(p -> p.startsWith(KapCanonicals.STRUCTURE_DEFINITION));
        List<String> errors = enforcement.validate(resource, profiles).getMessages().stream()
                .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                .map(m -> m.getLocationString() + " " + m.getMessage()).toList();
        assertThat(errors).as(resource.fhirType() + " against " + profiles).isEmpty();
    }

    String ctrl() {
        return "CTL" + UUID.randomUUID().toString().substring(0, 12);
    }

    String fixture(String name, String patientMrn, String controlId) {
        return Hl7v2Fixtures.read(name).replace("{{MRN}}", patientMrn).replace("{{CTRL}}", controlId).replace("\n", "\r");
    }

    /** Sends a fixture for this test's patient with a fresh control id; {@code event} fills {{EVENT}}. */
    String send(String name, String event) throws IOException {
        String message = fixture(name, mrn, ctrl());
        if (event != null) {
            message = message.replace("{{EVENT}}", event);
        }
        return MllpClient.sendOnce(mllpPort, message);
    }

    org.hl7.fhir.r4.model.IdType patient() {
        return patientResource().getIdElement().toUnqualifiedVersionless();
    }

    Patient patientResource() {
        return one(Patient.class, "identifier=" + SOUTHCLINIC + "|" + mrn);
    }

    <T extends IBaseResource> T one(Class<T> type, String query) {
        return one(type, query, true);
    }

    @SuppressWarnings("unchecked")
    <T extends IBaseResource> T one(Class<T> type, String query, boolean exactlyOne) {
        Bundle found = fhir.search().byUrl(type.getSimpleName() + "?" + query).returnBundle(Bundle.class).execute();
        if (exactlyOne) {
            assertThat(found.getEntry()).as(type.getSimpleName() + "?" + query).hasSize(1);
        }
        return found.getEntry().isEmpty() ? null : (T) found.getEntryFirstRep().getResource();
    }

    JournalEntry journalEntry(String controlId) {
        List<JournalEntry> rows = journalEntries(controlId);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    List<JournalEntry> journalEntries(String controlId) {
        return jdbc.sql("SELECT ID FROM KAP_MESSAGE_JOURNAL WHERE CONTROL_ID = ? ORDER BY ID").param(controlId)
                .query(Long.class).list().stream().map(id -> journal.find(id).orElseThrow()).toList();
    }

    static String segment(String message, String name) {
        return AdtInboundContract.segment(message, name);
    }

    static String field(String message, String segmentName, int field) {
        return AdtInboundContract.field(message, segmentName, field);
    }
}
