package org.kaphub.delivery.mllp;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.kaphub.audit.AuditLog;
import org.kaphub.audit.AuditSearch;
import org.kaphub.audit.AuditTrail;
import org.kaphub.support.Hl7v2PartnerSimulator;
import org.kaphub.support.Hl7v2PartnerSimulator.Received;
import org.kaphub.support.KapIntegrationTest;
import org.kaphub.support.TestSecurity;
import org.kaphub.vocabulary.KapCanonicals;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dispatcher's HL7 v2 channel against receivers nobody here wrote: HAPI HL7 v2's own MLLP server
 * ({@link Hl7v2PartnerSimulator}) answering AA, AE, AR or nothing, and KAP Hub's own MLLP listener. The rows are the
 * outbox writer's (a Patient of the partner's organisation); the running application's dispatcher sends them.
 */
@KapIntegrationTest
class MllpDeliveryH2IT {

    static final String MRN = "urn:oid:2.16.840.1.113883.3.9999.77";

    @Autowired
    DaoRegistry daos;
    @Autowired
    AuditLog auditLog;
    @Autowired
    JdbcClient jdbc;

    final Hl7v2PartnerSimulator partner = Hl7v2PartnerSimulator.instance();

    @Test
    void aNewPatientGoesAsAdtA04AndAChangeAsAdtA08JournaledWithItsAckAndAudited() {
        IIdType patient = store(patient(TestSecurity.MLLP_OUT_AA, MRN));
        long row = rowFor(TestSecurity.MLLP_OUT_AA, patient);
        awaitStatus(row, "DELIVERED");

        String controlId = controlId(row);
        assertThat(partner.received("AA")).filteredOn(r -> r.controlId().equals(controlId)).singleElement()
                .satisfies(received -> {
                    assertThat(received.messageType()).isEqualTo("ADT^A04");
                    assertThat(received.version()).isEqualTo("2.5.1");
                    assertThat(received.er7()).contains("PID|").contains("MSH|^~\\&|KAPHUB|KAPHUB|AA|");
                });
        Map<String, Object> delivered = row(row);
        assertThat((String) delivered.get("LAST_RESPONSE")).startsWith("MSA|AA|" + controlId);
        assertThat(delivered.get("LAST_ERROR")).isNull();

        Map<String, Object> journaled = sent(controlId).get(0);
        assertThat(journaled.get("STATUS")).isEqualTo("ACCEPTED");
        assertThat(journaled.get("CHANNEL")).isEqualTo(MllpChannel.CHANNEL);
        assertThat(journaled.get("MESSAGE_TYPE")).isEqualTo("ADT^A04");
        assertThat(journaled.get("RESOURCE_IDS")).isEqualTo(patient.getValue());
        assertThat(new String((byte[]) journaled.get("RAW_MESSAGE"))).startsWith("MSH|").contains("|" + controlId + "|");
        assertThat((String) journaled.get("ACK_MESSAGE")).contains("MSA|AA|" + controlId);

        assertThat(audits(TestSecurity.MLLP_OUT_AA)).anySatisfy(event -> {
            assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
            assertThat(event.getEntity()).anySatisfy(entity ->
                    assertThat(entity.getWhat().getIdentifier().getValue()).isEqualTo(controlId));
            assertThat(event.getEntity()).anySatisfy(entity ->
                    assertThat(entity.getWhat().getReference()).isEqualTo(patient.toUnqualifiedVersionless().getValue()));
        });

        // a new version: the partner has the patient, so it is an update (ADT^A08) under a control id of its own
        Patient changed = daos.getResourceDao(Patient.class).read(patient.toUnqualifiedVersionless(), new SystemRequestDetails());
        changed.getNameFirstRep().setFamily("Changed");
        IIdType v2 = store(changed);
        long second = rowFor(TestSecurity.MLLP_OUT_AA, v2);
        awaitStatus(second, "DELIVERED");
        assertThat(partner.received("AA")).filteredOn(r -> r.controlId().equals(controlId(second))).singleElement()
                .satisfies(received -> assertThat(received.messageType()).isEqualTo("ADT^A08"));
    }

    @Test
    void aVitalSignGoesAsOruR01AfterItsPatient() {
        IIdType patient = store(patient(TestSecurity.MLLP_OUT_AA, MRN));
        awaitStatus(rowFor(TestSecurity.MLLP_OUT_AA, patient), "DELIVERED");
        Observation heartRate = new Observation();
        heartRate.setStatus(Observation.ObservationStatus.FINAL);
        heartRate.addCategory().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/observation-category")
                .setCode("vital-signs");
        heartRate.getCode().addCoding().setSystem("http://loinc.org").setCode("8867-4").setDisplay("Heart rate");
        heartRate.setSubject(new Reference(patient.toUnqualifiedVersionless()));
        heartRate.setEffective(new DateTimeType("2026-03-06T10:20:00-05:00"));
        heartRate.setValue(new Quantity().setValue(74).setUnit("beats/minute").setSystem("http://unitsofmeasure.org").setCode("/min"));
        IIdType observation = daos.getResourceDao(Observation.class).create(heartRate, new SystemRequestDetails()).getId().toUnqualified();
        long row = jdbc.sql("SELECT ID FROM KAP_OUTBOX WHERE PARTNER_ID = ? AND RESOURCE_TYPE = 'Observation' AND RESOURCE_ID = ?")
                .params(TestSecurity.MLLP_OUT_AA, observation.getIdPart()).query(Long.class).single();
        awaitStatus(row, "DELIVERED");
        assertThat(partner.received("AA")).filteredOn(r -> r.controlId().equals(controlId(row))).singleElement()
                .satisfies(received -> {
                    assertThat(received.messageType()).isEqualTo("ORU^R01");
                    assertThat(received.er7()).contains("OBX|").contains("8867-4");
                });
        assertThat(sent(controlId(row))).singleElement().satisfies(entry ->
                assertThat(entry.get("RESOURCE_IDS")).isEqualTo(observation.getValue()));
    }

    @Test
    void anAppointmentGoesAsSiuS12ThenS13WhenMovedThenS15WhenCancelled() {
        IIdType patient = store(patient(TestSecurity.MLLP_OUT_AA, MRN));
        awaitStatus(rowFor(TestSecurity.MLLP_OUT_AA, patient), "DELIVERED");
        Appointment appointment = new Appointment();
        appointment.addIdentifier().setSystem("urn:oid:2.16.840.1.113883.3.9999.2")
                .setValue("APT-" + UUID.randomUUID().toString().substring(0, 8));
        appointment.setStatus(Appointment.AppointmentStatus.BOOKED);
        appointment.setStartElement(new InstantType("2026-12-01T09:00:00-08:00"));
        appointment.setEndElement(new InstantType("2026-12-01T11:00:00-08:00"));
        appointment.addParticipant().setActor(new Reference(patient.toUnqualifiedVersionless()))
                .setStatus(Appointment.ParticipationStatus.ACCEPTED);
        var dao = daos.getResourceDao(Appointment.class);
        IIdType booked = dao.create(appointment, new SystemRequestDetails()).getId().toUnqualified();
        assertThat(siuEvent(booked)).as("a new appointment").isEqualTo("SIU^S12");

        appointment.setId(booked.toUnqualifiedVersionless());
        appointment.setStartElement(new InstantType("2026-12-02T09:00:00-08:00"));
        appointment.setEndElement(new InstantType("2026-12-02T11:00:00-08:00"));
        IIdType moved = dao.update(appointment, new SystemRequestDetails()).getId().toUnqualified();
        assertThat(siuEvent(moved)).as("the partner had it at another time").isEqualTo("SIU^S13");

        appointment.setStatus(Appointment.AppointmentStatus.CANCELLED);
        IIdType cancelled = dao.update(appointment, new SystemRequestDetails()).getId().toUnqualified();
        assertThat(siuEvent(cancelled)).isEqualTo("SIU^S15");
    }

    /** MSH-9 of the message the partner got for this version of an appointment, once its row is delivered. */
    private String siuEvent(IIdType version) {
        long row = jdbc.sql("SELECT ID FROM KAP_OUTBOX WHERE PARTNER_ID = ? AND RESOURCE_TYPE = 'Appointment' "
                        + "AND RESOURCE_ID = ? AND RESOURCE_VERSION = ?")
                .params(TestSecurity.MLLP_OUT_AA, version.getIdPart(), version.getVersionIdPartAsLong())
                .query(Long.class).single();
        awaitStatus(row, "DELIVERED");
        return partner.received("AA").stream().filter(r -> r.controlId().equals(controlId(row)))
                .map(Received::messageType).findFirst().orElseThrow();
    }

    @Test
    void anApplicationErrorIsDeadLetteredAtOnceByDefaultWithItsMsaAndErrKept() {
        long row = rowFor(TestSecurity.MLLP_OUT_AE, store(patient(TestSecurity.MLLP_OUT_AE, MRN)));
        awaitStatus(row, "DEAD");
        Map<String, Object> dead = row(row);
        assertThat(dead.get("ATTEMPTS")).isEqualTo(1);
        assertThat((String) dead.get("LAST_ERROR")).contains("ACK AE").contains("dead-letter");
        assertThat((String) dead.get("LAST_RESPONSE")).startsWith("MSA|AE|" + controlId(row)).contains("\rERR|");
        assertThat(partner.received("AE")).filteredOn(r -> r.controlId().equals(controlId(row))).hasSize(1);
        assertThat(sent(controlId(row))).singleElement().satisfies(entry -> assertThat(entry.get("STATUS")).isEqualTo("REJECTED"));
    }

    @Test
    void anApplicationErrorIsRetriedWithTheSameControlIdWhenThePartnerSaysRetry() {
        long row = rowFor(TestSecurity.MLLP_OUT_AE_RETRY, store(patient(TestSecurity.MLLP_OUT_AE_RETRY, MRN)));
        awaitStatus(row, "DELIVERED");
        List<Received> received = partner.received("AE-TWICE").stream().filter(r -> r.controlId().equals(controlId(row))).toList();
        assertThat(received).extracting(Received::answered).containsExactly("AE", "AE", "AA");
        assertThat(received).extracting(Received::er7).as("the same message every time").containsOnly(received.get(0).er7());
        assertThat(row(row).get("ATTEMPTS")).isEqualTo(3);
        assertThat(sent(controlId(row))).extracting(entry -> entry.get("STATUS")).containsExactly("ERROR", "ERROR", "ACCEPTED");
    }

    @Test
    void aRejectIsDeadLetteredWithItsMsaAndErrKept() {
        long row = rowFor(TestSecurity.MLLP_OUT_AR, store(patient(TestSecurity.MLLP_OUT_AR, MRN)));
        awaitStatus(row, "DEAD");
        Map<String, Object> dead = row(row);
        assertThat(dead.get("ATTEMPTS")).isEqualTo(1);
        assertThat((String) dead.get("LAST_ERROR")).contains("ACK AR");
        assertThat((String) dead.get("LAST_RESPONSE")).startsWith("MSA|AR|" + controlId(row)).contains("\rERR|");
    }

    @Test
    void silenceIsRetriedWithTheSameMessage() {
        long row = rowFor(TestSecurity.MLLP_OUT_SILENT, store(patient(TestSecurity.MLLP_OUT_SILENT, MRN)));
        awaitStatus(row, "DELIVERED");
        List<Received> received = partner.received("SILENT-ONCE").stream().filter(r -> r.controlId().equals(controlId(row))).toList();
        assertThat(received).extracting(Received::answered).containsExactly(null, "AA");
        assertThat(received.get(1).er7()).isEqualTo(received.get(0).er7());
        assertThat(row(row).get("ATTEMPTS")).isEqualTo(2);
        assertThat(sent(controlId(row))).extracting(entry -> entry.get("STATUS")).containsExactly("ERROR", "ACCEPTED");
        assertThat((String) sent(controlId(row)).get(0).get("ERROR_TEXT")).contains("no ACK");
    }

    /**
     * KAP Hub's own listener as the receiver, as another clinic's KAP Hub would be: the message is sent, its ACK lost
     * (the row is made due again, as if the answer never came), and sent again with the same MSH-10 and content — the
     * listener answers with its first ACK and stores nothing twice. (On a loaded machine the listener may also answer
     * later than the tests' 1 s ACK time-out: a real lost ACK, which the sender resends the same way.)
     */
    @Test
    void aResendAfterALostAckIsStoredOnceByAKapHubReceiver() {
        Patient original = patient(TestSecurity.MLLP_OUT_SELF, TestSecurity.MLLP_OUT_SYSTEM);
        String value = original.getIdentifierFirstRep().getValue();
        long row = rowFor(TestSecurity.MLLP_OUT_SELF, store(original));
        String controlId = controlId(row);
        awaitStatus(row, "DELIVERED");
        int before = received(controlId).size();
        jdbc.sql("UPDATE KAP_OUTBOX SET STATUS = 'QUEUED', NEXT_ATTEMPT_AT = ?, CLAIMED_BY = NULL, DELIVERED_AT = NULL WHERE ID = ?")
                .params(Timestamp.from(Instant.now()), row).update();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(received(controlId)).as("copies received by the listener").hasSizeGreaterThan(before);
            assertThat(row(row).get("STATUS")).as("the row, sent again").isEqualTo("DELIVERED");
        });

        List<Object> statuses = received(controlId).stream().map(entry -> entry.get("STATUS")).toList();
        assertThat(statuses).as("one copy stored, every other answered as a resend").hasSizeGreaterThanOrEqualTo(2)
                .containsOnlyOnce("ACCEPTED").containsOnly("ACCEPTED", "DUPLICATE");
        assertThat(statuses.get(0)).isEqualTo("ACCEPTED");
        SearchParameterMap search = SearchParameterMap.newSynchronous()
                .add(Patient.SP_IDENTIFIER, new TokenParam(TestSecurity.MLLP_OUT_ECHO_SYSTEM, value));
        assertThat(daos.getResourceDao(Patient.class).search(search, new SystemRequestDetails()).getAllResources())
                .as("one copy at the receiver").hasSize(1);
        // every attempt sent the same bytes under the same MSH-10
        List<Map<String, Object>> sent = sent(controlId);
        assertThat(sent).extracting(entry -> (String) entry.get("STATUS")).isSubsetOf("ACCEPTED", "ERROR").contains("ACCEPTED");
        assertThat(sent).extracting(entry -> entry.get("CONTENT_SHA256")).containsOnly(sent.get(0).get("CONTENT_SHA256"));
    }

    /** MSH-10 of a row's message: KH, the row id, V and the version sent (the row's: nothing changed since). */
    private String controlId(long row) {
        return "KH" + row + "V" + jdbc.sql("SELECT RESOURCE_VERSION FROM KAP_OUTBOX WHERE ID = ?").param(row)
                .query(Long.class).single();
    }

    private static Patient patient(String partner, String system) {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem(system).setValue("MRN-" + UUID.randomUUID().toString().substring(0, 8));
        patient.addName().setFamily("Delivery").addGiven("Mllp");
        patient.setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.FEMALE);
        patient.setManagingOrganization(new Reference("Organization/" + TestSecurity.dispatchOrg(partner)));
        return patient;
    }

    private IIdType store(Patient patient) {
        var dao = daos.getResourceDao(Patient.class);
        return (patient.hasIdElement() && patient.getIdElement().hasIdPart()
                ? dao.update(patient, new SystemRequestDetails()) : dao.create(patient, new SystemRequestDetails()))
                .getId().toUnqualified();
    }

    /** The outbox writer's row delivering {@code version} to {@code partner}. */
    private long rowFor(String partnerId, IIdType version) {
        return jdbc.sql("SELECT ID FROM KAP_OUTBOX WHERE PARTNER_ID = ? AND RESOURCE_TYPE = 'Patient' AND RESOURCE_ID = ? "
                        + "AND RESOURCE_VERSION = ?")
                .params(partnerId, version.getIdPart(), version.getVersionIdPartAsLong()).query(Long.class).single();
    }

    private void awaitStatus(long row, String status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> status.equals(row(row).get("STATUS")));
    }

    private Map<String, Object> row(long id) {
        return jdbc.sql("SELECT * FROM KAP_OUTBOX WHERE ID = ?").param(id).query().singleRow();
    }

    /** Journal rows of messages sent with this MSH-10, oldest first. */
    private List<Map<String, Object>> sent(String controlId) {
        return jdbc.sql("SELECT * FROM KAP_MESSAGE_JOURNAL WHERE DIRECTION = 'OUT' AND CONTROL_ID = ? ORDER BY ID")
                .param(controlId).query().listOfRows();
    }

    /** Journal rows of messages KAP Hub's listener received with this MSH-10 from the echo sender, oldest first. */
    private List<Map<String, Object>> received(String controlId) {
        return jdbc.sql("SELECT * FROM KAP_MESSAGE_JOURNAL WHERE DIRECTION = 'IN' AND CONTROL_ID = ? AND SENDING_APPLICATION = ? "
                        + "ORDER BY ID")
                .params(controlId, TestSecurity.MLLP_OUT_ECHO_SENDER[0]).query().listOfRows();
    }

    private List<AuditEvent> audits(String partnerId) {
        return auditLog.search(AuditSearch.all().with(AuditSearch.Param.SUBTYPE, KapCanonicals.AUDIT_EVENT_TYPE + "|" + AuditTrail.HL7V2_PUSH)).stream()
                .filter(event -> event.getAgent().stream().anyMatch(agent -> partnerId.equals(agent.getWho().getIdentifier().getValue())))
                .toList();
    }
}
