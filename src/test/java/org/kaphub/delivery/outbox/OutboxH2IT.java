package org.kaphub.delivery.outbox;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kaphub.delivery.entitlement.Part2Consents;
import org.kaphub.hl7v2.Hl7v2Fixtures;
import org.kaphub.support.KapIntegrationTest;
import org.kaphub.support.MllpClient;
import org.kaphub.support.TestSecurity;
import org.kaphub.support.Tokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.kaphub.support.TestSecurity.OUTBOX_MLLP;
import static org.kaphub.support.TestSecurity.OUTBOX_ORG_X;
import static org.kaphub.support.TestSecurity.OUTBOX_ORG_Y;
import static org.kaphub.support.TestSecurity.OUTBOX_PART2;
import static org.kaphub.support.TestSecurity.OUTBOX_PART2_UNNAMED;
import static org.kaphub.support.TestSecurity.OUTBOX_PATIENTS_ONLY;
import static org.kaphub.support.TestSecurity.OUTBOX_WRITER;
import static org.kaphub.support.TestSecurity.OUTBOX_X;
import static org.kaphub.support.TestSecurity.OUTBOX_Y;

/**
 * The transactional outbox (issue 12, item 1), over real HTTP and MLLP against the running application: every committed
 * version of a delivered KAP record has exactly one KAP_OUTBOX row per entitled partner, written in the write's own
 * transaction — REST, transaction Bundles, HL7 v2 in and the server's own score Observations — and none for a write that
 * is rolled back. Who is entitled: the test partners {@code test-outbox-*} (support/TestSecurity), for patients of
 * {@code org-outbox-x} and {@code org-outbox-y}, which no other test writes; rows are read back with SQL.
 */
@KapIntegrationTest
class OutboxH2IT {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String MA = "MedicationAdministration";
    private static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    /** Every partner of the outbox tests: rows for any other come from other tests' patients. */
    private static final List<String> OUTBOX_PARTNERS = TestSecurity.partners().stream().map(p -> p.id())
            .filter(id -> id.startsWith("test-outbox-")).toList();

    @LocalServerPort
    int port;
    @Value("${kap.mllp.port}")
    int mllpPort;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DaoRegistry daos;
    @Autowired
    PlatformTransactionManager transactionManager;

    /**
     * The dispatcher leaves these partners' rows as the writer wrote them: they are paused (KAP_DELIVERY_PARTNER), as
     * an operator pauses a partner, so their endpoint, where nothing listens, is never tried and a row stays QUEUED.
     */
    @BeforeEach
    void dispatcherPausedForTheOutboxPartners() {
        for (String partner : OUTBOX_PARTNERS) {
            if (jdbc.sql("SELECT COUNT(*) FROM KAP_DELIVERY_PARTNER WHERE PARTNER_ID = ?").param(partner).query(Integer.class).single() == 0) {
                jdbc.sql("INSERT INTO KAP_DELIVERY_PARTNER (PARTNER_ID, PAUSED, CONSECUTIVE_FAILURES, UPDATED_AT) VALUES (?, TRUE, 0, ?)")
                        .params(partner, Timestamp.from(Instant.now())).update();
            }
        }
    }

    /** One KAP_OUTBOX row as the tests compare it. */
    record Row(long id, String partner, String orderKey, String type, String resourceId, long version, String operation,
               String writeGroup, boolean part2, String status, int attempts, Timestamp nextAttemptAt) {
    }

    // ---- REST

    @Test
    void aRestCreateQueuesExactlyOneRowPerEntitledPartnerAndNoneForTheWriterItself() throws Exception {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String patient = createPatient(OUTBOX_ORG_X);
        String writer = Tokens.forClient(port, OUTBOX_WRITER, TestSecurity.SECRET, null);

        String administration = create(writer, ketamine(patient, 35));

        List<Row> rows = rows(MA, administration);
        // not Y (other organisation), not patients-only or the MLLP partner (type), not the disabled one, not the writer itself
        assertThat(rows).extracting(Row::partner).containsExactlyInAnyOrder(OUTBOX_X, OUTBOX_PART2, OUTBOX_PART2_UNNAMED);
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.orderKey()).isEqualTo("Patient/" + patient);
            assertThat(row.version()).isEqualTo(1);
            assertThat(row.operation()).isEqualTo("CREATE");
            assertThat(row.part2()).isFalse();
            assertThat(row.status()).isEqualTo("QUEUED");
            assertThat(row.attempts()).isZero();
            assertThat(row.nextAttemptAt().toInstant()).isBetween(before, Instant.now());
            assertThat(row.writeGroup()).isEqualTo(rows.get(0).writeGroup()).isNotBlank();
        });
        // the patient: the partners that receive Patient, over FHIR and over HL7 v2 (ADT)
        assertThat(rows("Patient", patient)).extracting(Row::partner)
                .containsExactlyInAnyOrder(OUTBOX_X, OUTBOX_PATIENTS_ONLY, OUTBOX_MLLP);

        // the same record written by someone else does reach that partner
        String byDev = create(dev(), ketamine(patient, 40));
        assertThat(rows(MA, byDev)).extracting(Row::partner)
                .containsExactlyInAnyOrder(OUTBOX_X, OUTBOX_PART2, OUTBOX_PART2_UNNAMED, OUTBOX_WRITER);
    }

    @Test
    void aPatientOfAnotherOrganisationReachesOnlyThatOrganisationsPartner() throws Exception {
        String patient = createPatient(OUTBOX_ORG_Y);
        String administration = create(dev(), ketamine(patient, 35));
        assertThat(rows(MA, administration)).extracting(Row::partner).containsExactly(OUTBOX_Y);
        assertThat(rows("Patient", patient)).isEmpty(); // Y receives no Patient
    }

    @Test
    void anUpdateQueuesASecondRowWithTheNewVersionInItsOwnWriteGroup() throws Exception {
        String patient = createPatient(OUTBOX_ORG_X);
        String administration = create(dev(), ketamine(patient, 35));
        MedicationAdministration changed = ketamine(patient, 36);
        changed.setId(administration);

        HttpResponse<String> updated = send("PUT", MA + "/" + administration, dev(), encode(changed));
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);

        List<Row> forX = rows(MA, administration).stream().filter(row -> row.partner().equals(OUTBOX_X)).toList();
        assertThat(forX).extracting(Row::version).containsExactly(1L, 2L);
        assertThat(forX).extracting(Row::operation).containsExactly("CREATE", "UPDATE");
        assertThat(forX.get(0).writeGroup()).isNotEqualTo(forX.get(1).writeGroup());
        assertThat(rows(MA, administration)).hasSize(8); // 4 entitled partners, 2 versions
    }

    @Test
    void aDeleteQueuesARowWithTheDeletionsVersion() throws Exception {
        String patient = createPatient(OUTBOX_ORG_X);
        String administration = create(dev(), ketamine(patient, 35));
        assertThat(send("DELETE", MA + "/" + administration, dev(), null).statusCode()).isEqualTo(200);

        List<Row> forX = rows(MA, administration).stream().filter(row -> row.partner().equals(OUTBOX_X)).toList();
        assertThat(forX).extracting(Row::operation).containsExactly("CREATE", "DELETE");
        assertThat(forX).extracting(Row::version).containsExactly(1L, 2L);
    }

    @Test
    void onlyVitalSignsAndScoresTravelAmongObservations() throws Exception {
        String patient = createPatient(OUTBOX_ORG_X);
        String vital = create(dev(), observation(patient, "vital-signs"));
        String lab = create(dev(), observation(patient, "laboratory"));

        assertThat(rows("Observation", vital)).extracting(Row::partner).containsExactly(OUTBOX_X);
        assertThat(rows("Observation", lab)).isEmpty();
    }

    @Test
    void aScoredResponseAndTheScoreDerivedFromItShareOneWriteGroupResponseFirst() throws Exception {
        String patient = createPatient(OUTBOX_ORG_X);
        String response = create(dev(), "QuestionnaireResponse", phq9(patient));
        String score = scoreOf(response);

        Row responseRow = rows("QuestionnaireResponse", response).stream().filter(r -> r.partner().equals(OUTBOX_X)).findFirst().orElseThrow();
        Row scoreRow = rows("Observation", score).stream().filter(r -> r.partner().equals(OUTBOX_X)).findFirst().orElseThrow();
        assertThat(scoreRow.writeGroup()).isEqualTo(responseRow.writeGroup());
        assertThat(scoreRow.orderKey()).isEqualTo(responseRow.orderKey()).isEqualTo("Patient/" + patient);
        assertThat(scoreRow.id()).isGreaterThan(responseRow.id()); // the receiver gets the response before its score
    }

    // ---- transactions

    @Test
    void aTransactionBundleQueuesItsRowsInOneWriteGroupPatientFirst() throws Exception {
        Bundle bundle = patientWithAdministration(false);
        HttpResponse<String> answer = send("POST", "", dev(), encode(bundle));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        Bundle response = FHIR.newJsonParser().parseResource(Bundle.class, answer.body());
        String patient = new org.hl7.fhir.r4.model.IdType(response.getEntry().get(0).getResponse().getLocation()).getIdPart();
        String administration = new org.hl7.fhir.r4.model.IdType(response.getEntry().get(1).getResponse().getLocation()).getIdPart();

        Row patientRow = rows("Patient", patient).stream().filter(r -> r.partner().equals(OUTBOX_X)).findFirst().orElseThrow();
        List<Row> administrationRows = rows(MA, administration);
        assertThat(administrationRows).extracting(Row::partner)
                .containsExactlyInAnyOrder(OUTBOX_X, OUTBOX_PART2, OUTBOX_PART2_UNNAMED, OUTBOX_WRITER);
        assertThat(administrationRows).allSatisfy(row -> {
            assertThat(row.writeGroup()).isEqualTo(patientRow.writeGroup());
            assertThat(row.orderKey()).isEqualTo("Patient/" + patient); // the urn:uuid resolved before the rows were made
            assertThat(row.id()).isGreaterThan(patientRow.id());
        });
    }

    @Test
    void aFailedTransactionQueuesNothing() throws Exception {
        long before = outboxRowCount();
        Bundle bundle = patientWithAdministration(true); // its third entry breaks the KAP profile

        HttpResponse<String> answer = send("POST", "", dev(), encode(bundle));

        assertThat(answer.statusCode()).as(answer.body()).isBetween(400, 499);
        assertThat(JSON.readTree(answer.body()).path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(outboxRowCount()).isEqualTo(before);
    }

    /** A failure after the outbox has seen the write (a later hook, the commit itself): the rows go with the write. */
    @Test
    void aWriteRolledBackAfterItsHooksRanLeavesNoRow() throws Exception {
        String patient = createPatient(OUTBOX_ORG_X);
        String[] created = new String[1];
        TransactionTemplate transaction = new TransactionTemplate(transactionManager);

        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
            created[0] = daos.getResourceDao(MedicationAdministration.class)
                    .create(ketamine(patient, 35), new SystemRequestDetails()).getId().getIdPart();
            throw new IllegalStateException("fails after the write");
        })).hasMessage("fails after the write");

        assertThat(created[0]).isNotNull();
        assertThat(rows(MA, created[0])).isEmpty();
        // the same write committed: rows (so the check above can fail)
        String committed = transaction.execute(status -> daos.getResourceDao(MedicationAdministration.class)
                .create(ketamine(patient, 35), new SystemRequestDetails()).getId().getIdPart());
        assertThat(rows(MA, committed)).hasSize(4);
    }

    // ---- HL7 v2 in

    @Test
    void anHl7v2MessageQueuesRowsForWhatItStoredInOneWriteGroup() throws Exception {
        String mrn = "MR" + UUID.randomUUID().toString().substring(0, 8);
        String control = "OUTBOX-" + UUID.randomUUID().toString().substring(0, 8);
        String message = Hl7v2Fixtures.read("ras-o17-ketamine-iv.hl7").replace("{{MRN}}", mrn).replace("{{CTRL}}", control)
                .replace("|KAPEHR|SOUTHCLINIC|", "|" + TestSecurity.OUTBOX_HL7_SENDER[0] + "|" + TestSecurity.OUTBOX_HL7_SENDER[1] + "|")
                .replace("\n", "\r");

        String ack = MllpClient.sendOnce(mllpPort, message);

        assertThat(ack).as(ack).contains("\rMSA|AA|" + control);
        String patient = onlyPatient(mrn);
        List<IBaseResource> administrations = daos.getResourceDao(MedicationAdministration.class)
                .search(SearchParameterMap.newSynchronous("subject", new ReferenceParam("Patient/" + patient)), system())
                .getAllResources();
        assertThat(administrations).hasSize(1);
        String administration = administrations.get(0).getIdElement().getIdPart();
        List<Row> patientRows = rows("Patient", patient);
        List<Row> administrationRows = rows(MA, administration);
        assertThat(patientRows).extracting(Row::partner).containsExactlyInAnyOrder(OUTBOX_X, OUTBOX_PATIENTS_ONLY, OUTBOX_MLLP);
        assertThat(administrationRows).extracting(Row::partner)
                .containsExactlyInAnyOrder(OUTBOX_X, OUTBOX_PART2, OUTBOX_PART2_UNNAMED, OUTBOX_WRITER);
        assertThat(patientRows).extracting(Row::writeGroup).containsOnly(administrationRows.get(0).writeGroup());
        assertThat(administrationRows).extracting(Row::writeGroup).containsOnly(administrationRows.get(0).writeGroup());
        assertThat(administrationRows).extracting(Row::orderKey).containsOnly("Patient/" + patient);
    }

    // ---- 42 CFR Part 2

    @Test
    void aPart2RecordIsQueuedOnlyForAPart2PartnerNamedByAnActiveConsent() throws Exception {
        String patient = createPatient(OUTBOX_ORG_X);
        create(dev(), consent(patient, Consent.ConsentState.ACTIVE, naming(OUTBOX_PART2), null));

        String labelled = create(dev(), labelled(ketamine(patient, 35)));

        // not X or the writer partner (no Part 2 grant), not the Part 2 partner the consent does not name
        assertThat(rows(MA, labelled)).singleElement().satisfies(row -> {
            assertThat(row.partner()).isEqualTo(OUTBOX_PART2);
            assertThat(row.part2()).isTrue();
        });
    }

    @Test
    void aConsentNamingThePartnersOrganisationCoversIt() throws Exception {
        String patient = createPatient(OUTBOX_ORG_Y);
        create(dev(), consent(patient, Consent.ConsentState.ACTIVE, new Reference("Organization/" + OUTBOX_ORG_Y), null));

        String labelled = create(dev(), labelled(ketamine(patient, 35)));

        assertThat(rows(MA, labelled)).extracting(Row::partner).containsExactly(OUTBOX_Y);
    }

    @Test
    void aRevokedConsentCoversNothingWrittenAfterIt() throws Exception {
        String patient = createPatient(OUTBOX_ORG_X);
        Consent consent = consent(patient, Consent.ConsentState.ACTIVE, naming(OUTBOX_PART2), null);
        String consentId = create(dev(), consent);
        String whileActive = create(dev(), labelled(ketamine(patient, 35)));
        assertThat(rows(MA, whileActive)).extracting(Row::partner).containsExactly(OUTBOX_PART2);

        consent.setId(consentId);
        consent.setStatus(Consent.ConsentState.INACTIVE);
        assertThat(send("PUT", "Consent/" + consentId, dev(), encode(consent)).statusCode()).isEqualTo(200);
        String afterRevocation = create(dev(), labelled(ketamine(patient, 36)));

        assertThat(rows(MA, afterRevocation)).isEmpty();
    }

    @Test
    void anExpiredConsentCoversNothing() throws Exception {
        String patient = createPatient(OUTBOX_ORG_X);
        create(dev(), consent(patient, Consent.ConsentState.ACTIVE, naming(OUTBOX_PART2), "2024-12-31"));

        String labelled = create(dev(), labelled(ketamine(patient, 35)));

        assertThat(rows(MA, labelled)).isEmpty();
        // unlabelled data of the same patient goes as usual
        assertThat(rows(MA, create(dev(), ketamine(patient, 36)))).hasSize(4);
    }

    // ---- records

    private static MedicationAdministration ketamine(String patient, int mg) {
        MedicationAdministration given = new MedicationAdministration();
        given.setStatus(MedicationAdministration.MedicationAdministrationStatus.COMPLETED);
        given.setMedication(new CodeableConcept(new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "6130", "ketamine")));
        given.setSubject(new Reference("Patient/" + patient));
        given.setEffective(new Period().setStartElement(new DateTimeType("2025-03-06T10:00:00Z")));
        given.getDosage().getRoute().addCoding(new Coding("http://snomed.info/sct", "78421000", "Intramuscular route"));
        given.getDosage().setDose((Quantity) new Quantity().setValue(mg).setUnit("mg").setSystem("http://unitsofmeasure.org").setCode("mg"));
        return given;
    }

    private static <R extends Resource> R labelled(R resource) {
        resource.getMeta().addSecurity(ACT_CODE, "ETH", "substance abuse information sensitivity");
        return resource;
    }

    private static Observation observation(String patient, String category) {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.addCategory().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/observation-category").setCode(category);
        observation.getCode().addCoding().setSystem("http://loinc.org").setCode("8867-4").setDisplay("Heart rate");
        observation.setSubject(new Reference("Patient/" + patient));
        observation.setEffective(new DateTimeType("2025-03-06T10:40:00Z"));
        observation.setValue(new Quantity().setValue(72).setUnit("/min").setSystem("http://unitsofmeasure.org").setCode("/min"));
        return observation;
    }

    private static String phq9(String patient) {
        StringBuilder items = new StringBuilder();
        for (int i = 1; i <= 9; i++) {
            items.append(i > 1 ? "," : "").append("{\"linkId\":\"phq9-q").append(i)
                    .append("\",\"answer\":[{\"valueCoding\":{\"system\":\"http://loinc.org\",\"code\":\"LA6569-3\"}}]}");
        }
        return "{\"resourceType\":\"QuestionnaireResponse\",\"questionnaire\":\"https://fhir.kaphub.org/Questionnaire/phq-9\","
                + "\"status\":\"completed\",\"subject\":{\"reference\":\"Patient/" + patient + "\"},"
                + "\"authored\":\"2025-03-10T09:00:00-05:00\",\"item\":[" + items + "]}";
    }

    /** A KAP Part 2 Consent: permit disclosure to {@code recipient} (role IRCP), until {@code end} (null: no end). */
    private static Consent consent(String patient, Consent.ConsentState state, Reference recipient, String end) {
        Consent consent = new Consent();
        consent.setStatus(state);
        consent.getScope().addCoding(new Coding("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy", "Privacy Consent"));
        consent.addCategory().addCoding(new Coding("http://loinc.org", "59284-0", "Patient Consent"));
        consent.setPatient(new Reference("Patient/" + patient));
        consent.setDateTime(new Date());
        consent.getPolicyRule().addCoding(new Coding(ACT_CODE, "42CFRPart2", "42 CFR Part2"));
        Consent.ProvisionComponent provision = consent.getProvision();
        provision.setType(Consent.ConsentProvisionType.PERMIT);
        provision.getPeriod().setStartElement(new DateTimeType("2024-01-01"));
        if (end != null) {
            provision.getPeriod().setEndElement(new DateTimeType(end));
        }
        provision.addActor().setReference(recipient).getRole()
                .addCoding(new Coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP", "information recipient"));
        return consent;
    }

    private static Reference naming(String partner) {
        return new Reference().setIdentifier(new Identifier().setSystem(Part2Consents.PARTNER_SYSTEM).setValue(partner));
    }

    /** A Patient of {@code organisation} and an administration for it; with {@code broken}, a third entry the profile refuses. */
    private static Bundle patientWithAdministration(boolean broken) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        String patientUrn = "urn:uuid:" + UUID.randomUUID();
        Patient patient = new Patient().setManagingOrganization(new Reference("Organization/" + OUTBOX_ORG_X));
        patient.addName().setFamily("Bundled");
        bundle.addEntry().setFullUrl(patientUrn).setResource(patient).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
        MedicationAdministration administration = ketamine("x", 35);
        administration.setSubject(new Reference(patientUrn));
        bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(administration)
                .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(MA);
        if (broken) {
            MedicationAdministration invalid = ketamine("x", 35);
            invalid.setSubject(new Reference(patientUrn));
            invalid.setMedication(null); // medication[x] is required
            bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(invalid)
                    .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(MA);
        }
        return bundle;
    }

    // ---- over HTTP

    private String createPatient(String organisation) throws Exception {
        Patient patient = new Patient().setManagingOrganization(new Reference("Organization/" + organisation));
        patient.addName().setFamily("Outbox").addGiven("Test");
        return create(dev(), patient);
    }

    private String create(String token, Resource resource) throws Exception {
        return create(token, resource.fhirType(), encode(resource));
    }

    private String create(String token, String type, String body) throws Exception {
        HttpResponse<String> created = send("POST", type, token, body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).path("id").asText();
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/fhir" + (path.isEmpty() ? "" : "/" + path)))
                .header("Authorization", "Bearer " + token).header("Accept", "application/fhir+json");
        if (body != null) {
            request.header("Content-Type", "application/fhir+json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String dev() {
        return Tokens.dev(port);
    }

    private static String encode(IBaseResource resource) {
        return FHIR.newJsonParser().encodeResourceToString(resource);
    }

    // ---- reading back

    private List<Row> rows(String type, String id) {
        return jdbc.sql("""
                        SELECT ID, PARTNER_ID, ORDER_KEY, RESOURCE_TYPE, RESOURCE_ID, RESOURCE_VERSION, OPERATION, WRITE_GROUP,
                               PART2, STATUS, ATTEMPTS, NEXT_ATTEMPT_AT
                        FROM KAP_OUTBOX WHERE RESOURCE_TYPE = ? AND RESOURCE_ID = ? ORDER BY ID""")
                .params(type, id)
                .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getLong(6), rs.getString(7), rs.getString(8), rs.getBoolean(9), rs.getString(10), rs.getInt(11),
                        rs.getTimestamp(12)))
                .list();
    }

    private long outboxRowCount() {
        return jdbc.sql("SELECT COUNT(*) FROM KAP_OUTBOX WHERE PARTNER_ID IN (:partners)").param("partners", OUTBOX_PARTNERS)
                .query(Long.class).single();
    }

    private String scoreOf(String response) {
        List<IBaseResource> scores = daos.getResourceDao(Observation.class)
                .search(SearchParameterMap.newSynchronous("derived-from", new ReferenceParam("QuestionnaireResponse/" + response)), system())
                .getAllResources();
        assertThat(scores).hasSize(1);
        return scores.get(0).getIdElement().getIdPart();
    }

    private String onlyPatient(String mrn) {
        List<IBaseResource> found = daos.getResourceDao(Patient.class)
                .search(SearchParameterMap.newSynchronous("identifier", new TokenParam(null, mrn)), system()).getAllResources();
        assertThat(found).hasSize(1);
        return found.get(0).getIdElement().getIdPart();
    }

    private static SystemRequestDetails system() {
        return new SystemRequestDetails();
    }
}
