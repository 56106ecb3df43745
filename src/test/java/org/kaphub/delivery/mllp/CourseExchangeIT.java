package org.kaphub.delivery.mllp;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kaphub.support.ServerProcess;
import org.kaphub.support.TestPartner;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Issue 13, "two KAP Hub instances as sender and receiver exchange a full KAP course and the receiver's records equal
 * the sender's": the packaged jar twice ({@link ServerProcess}, development mode, each on its own H2 file database),
 * A the sender, B the receiver. A's registry has partner {@value #CLINIC_B} (hl7v2-mllp to B's MLLP listener, HL7 v2
 * {@value #VERSION}, PID-3 under namespace {@value #NAMESPACE}); B's has partner {@value #HUB_A}, whose
 * {@code hl7v2-senders} is A's MSH-3/4 and whose assigning authorities admit A's MRN system.
 * <p>
 * A course is written to A over FHIR REST (the kap-dev client): one patient, the ketamine order, three dosing
 * appointments (one rescheduled, one cancelled afterwards), six administrations (four IV ketamine, two esketamine
 * nasal), blood pressure, heart rate and SpO2 per session, PHQ-9 at three times (A derives each score). Once A's outbox
 * for B is drained (delivery control API: nothing QUEUED / IN_FLIGHT, nothing DEAD / BLOCKED), B's records are read
 * over REST and compared with A's, by the business keys the v2 messages carry, on every element the v2 maps carry;
 * the counts per type are exact (nothing twice). What the receiver adds is not a difference: the display of a code it
 * knows, the table-0162 route code RXR-1 carried, the PHQ-9 total as the response's total item. (Which SIU event each
 * appointment change goes as is asserted in MllpDeliveryH2IT; here B's data.)
 */
class CourseExchangeIT {

    static final String CLINIC_B = "clinic-b";
    static final String HUB_A = "hub-a";
    static final String VERSION = "2.5.1";
    static final String NAMESPACE = "CLINICA";
    /** A's MRN system (an OID: PID-3 carries it as CX-4 NAMESPACE&OID&ISO, B reads it back as urn:oid). */
    static final String MRN_SYSTEM = "urn:oid:2.16.840.1.113883.3.9999.41";
    static final String[] A_SENDER = {"KAPHUB_A", "CLINIC_A"};
    private static final Duration READINESS_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(3);
    private static final int SESSIONS = 6;

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private final List<ServerProcess> started = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (ServerProcess server : started) {
            server.close();
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void aFullCourseSentOverHl7v2ArrivesAtTheOtherKapHubAsItWasWritten() throws Exception {
        long t0 = System.nanoTime();
        int bMllpPort = ServerProcess.freePort();
        Path aPartners = work.resolve("partners-a.yaml");
        Files.writeString(aPartners, TestPartner.file(List.of(TestPartner.of(CLINIC_B)
                .hl7v2Mllp("mllp://127.0.0.1:" + bMllpPort, "Patient", "MedicationRequest", "Appointment",
                        "MedicationAdministration", "Observation", "QuestionnaireResponse")
                .assigningAuthorityNamespace(NAMESPACE, MRN_SYSTEM)
                .hl7v2Out("{version: \"" + VERSION + "\", receiving-application: KAPHUB_B, receiving-facility: CLINIC_B}"))));
        Path bPartners = work.resolve("partners-b.yaml");
        Files.writeString(bPartners, TestPartner.file(List.of(TestPartner.of(HUB_A)
                .hl7v2Sender(A_SENDER[0], A_SENDER[1])
                .assigningAuthorities(MRN_SYSTEM)
                .assigningAuthorityNamespace(NAMESPACE, MRN_SYSTEM))));

        // different databases and ports: both start at once
        CompletableFuture<ServerProcess> startingB = CompletableFuture.supplyAsync(() -> start("b", bMllpPort, bPartners, Map.of()));
        CompletableFuture<ServerProcess> startingA = CompletableFuture.supplyAsync(() -> start("a", ServerProcess.freePort(),
                aPartners, Map.of("KAP_DELIVERY_MLLP_SENDINGAPPLICATION", A_SENDER[0],
                        "KAP_DELIVERY_MLLP_SENDINGFACILITY", A_SENDER[1],
                        "KAP_DELIVERY_DISPATCH_POLLINTERVAL", "100ms")));
        ServerProcess a = startingA.join();
        ServerProcess b = startingB.join();
        log("A and B ready after %d s", seconds(t0));

        long tWrite = System.nanoTime();
        Course course = new Course(UUID.randomUUID().toString().substring(0, 8).toUpperCase());
        course.writeTo(new Fhir(a));
        log("course written to A in %d ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - tWrite));

        awaitDrained(a);
        log("A's outbox for %s drained %d ms after the first write", CLINIC_B, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - tWrite));

        Fhir atA = new Fhir(a);
        Fhir atB = new Fhir(b);
        compare(course, atA, atB);
        log("total %d s", seconds(t0));
    }

    // --- the comparison

    private static void compare(Course course, Fhir atA, Fhir atB) throws Exception {
        Differences d = new Differences();
        // the patient: identifiers, name, birth date, gender
        Patient sentPatient = atA.read(Patient.class, course.patientId);
        List<Patient> patients = atB.search(Patient.class, "Patient?identifier="
                + encode(MRN_SYSTEM + "|" + course.mrn));
        d.equal("B's patients with A's MRN", patients.size(), 1);
        Patient patient = patients.get(0);
        d.equal("B's patients: this one only", atB.search(Patient.class, "Patient?_count=50").size(), 1);
        Identifier mrn = patient.getIdentifier().stream().filter(i -> MRN_SYSTEM.equals(i.getSystem())).findFirst().orElseThrow();
        d.same("patient MR identifier", mrn, sentPatient.getIdentifierFirstRep());
        d.same("patient name", patient.getNameFirstRep(), sentPatient.getNameFirstRep());
        d.same("patient birthDate", patient.getBirthDateElement(), sentPatient.getBirthDateElement());
        d.equal("patient gender", patient.getGender(), sentPatient.getGender());
        String subject = "Patient/" + patient.getIdPart();

        // the order: RDE^O11, keyed by its placer and filler numbers (ORC-2 / ORC-3)
        MedicationRequest sentOrder = atA.read(MedicationRequest.class, course.orderId);
        List<MedicationRequest> orders = atB.search(MedicationRequest.class, "MedicationRequest?_count=50");
        d.equal("B's MedicationRequests", orders.size(), 1);
        MedicationRequest order = orders.get(0);
        assertThat(order.getSubject().getReference()).isEqualTo(subject);
        d.equal("order identifiers", order.getIdentifier().size(), 2);
        for (int i = 0; i < Math.min(2, order.getIdentifier().size()); i++) {
            d.same("order identifier (placer, filler) " + i, order.getIdentifier().get(i), sentOrder.getIdentifier().get(i));
        }
        d.equal("order status", order.getStatus(), sentOrder.getStatus());
        d.equal("order intent", order.getIntent(), sentOrder.getIntent());
        d.same("order medication", order.getMedication(), sentOrder.getMedication());
        d.same("order authoredOn", order.getAuthoredOnElement(), sentOrder.getAuthoredOnElement());
        d.same("order requester", order.getRequester(), sentOrder.getRequester());
        var dosage = order.getDosageInstructionFirstRep();
        var sentDosage = sentOrder.getDosageInstructionFirstRep();
        d.equal("order dosage text", dosage.getText(), sentDosage.getText());
        d.same("order route", dosage.getRoute(), sentDosage.getRoute());
        d.same("order dose", dosage.getDoseAndRateFirstRep().getDose(), sentDosage.getDoseAndRateFirstRep().getDose());
        d.same("order rate", dosage.getDoseAndRateFirstRep().getRate(), sentDosage.getDoseAndRateFirstRep().getRate());
        d.same("order timing", dosage.getTiming(), sentDosage.getTiming());
        d.same("order dispense request", order.getDispenseRequest(), sentOrder.getDispenseRequest());

        // the appointments: SIU, keyed by SCH-2 (the appointment's identifier)
        List<Appointment> appointments = atB.search(Appointment.class, "Appointment?_count=50");
        d.equal("B's Appointments", appointments.size(), course.appointmentIds.size());
        Map<String, Appointment> appointmentsByKey = byKey(appointments, r -> r.getIdentifierFirstRep().getValue());
        for (String id : course.appointmentIds) {
            Appointment sent = atA.read(Appointment.class, id);
            Appointment got = appointmentsByKey.get(sent.getIdentifierFirstRep().getValue());
            if (got == null) {
                d.found.add("B's appointment " + sent.getIdentifierFirstRep().getValue() + ": missing");
                continue;
            }
            d.same("appointment identifier", got.getIdentifierFirstRep(), sent.getIdentifierFirstRep());
            d.equal("appointment status " + id, got.getStatus(), sent.getStatus());
            d.same("appointment start " + id, instant(got.getStartElement()), instant(sent.getStartElement()));
            d.same("appointment end " + id, instant(got.getEndElement()), instant(sent.getEndElement()));
            d.equal("appointment minutesDuration " + id, got.getMinutesDuration(), sent.getMinutesDuration());
            assertThat(got.getParticipant()).as("appointment participants " + id)
                    .anySatisfy(p -> assertThat(p.getActor().getReference()).isEqualTo(subject));
        }
        assertThat(appointments).extracting(Appointment::getStatus).as("statuses at B")
                .containsExactlyInAnyOrder(Appointment.AppointmentStatus.BOOKED, Appointment.AppointmentStatus.BOOKED,
                        Appointment.AppointmentStatus.CANCELLED);

        // the administrations: RAS^O17, keyed by ORC-3 (+ RXA-1 "0", RXA-2 "1": the inbound key)
        List<MedicationAdministration> administrations = atB.search(MedicationAdministration.class,
                "MedicationAdministration?_count=50");
        d.equal("B's MedicationAdministrations", administrations.size(), SESSIONS);
        Map<String, MedicationAdministration> administrationsByKey = byKey(administrations, r -> r.getIdentifierFirstRep().getValue());
        for (String id : course.administrationIds) {
            MedicationAdministration sent = atA.read(MedicationAdministration.class, id);
            String key = sent.getIdentifierFirstRep().getValue() + "-0-1";
            MedicationAdministration got = administrationsByKey.get(key);
            if (got == null) {
                d.found.add("B's administration " + key + ": missing");
                continue;
            }
            assertThat(got.getSubject().getReference()).isEqualTo(subject);
            d.equal("administration status " + key, got.getStatus(), sent.getStatus());
            d.same("administration medication " + key, got.getMedication(), sent.getMedication());
            d.same("administration start " + key, got.getEffectivePeriod().getStartElement(), sent.getEffectivePeriod().getStartElement());
            d.same("administration end " + key, got.getEffectivePeriod().getEndElement(), sent.getEffectivePeriod().getEndElement());
            d.same("administration dose " + key, got.getDosage().getDose(), sent.getDosage().getDose());
            d.same("administration rate " + key, got.getDosage().getRate(), sent.getDosage().getRate());
            // RXR-1 carries the route as HL7 table 0162; the receiver keeps that code next to the SNOMED one it came from
            d.equal("administration route codes " + key, codes(got.getDosage().getRoute().getCoding()).containsAll(
                    codes(sent.getDosage().getRoute().getCoding())) ? List.of() : codes(got.getDosage().getRoute().getCoding()),
                    List.of());
            d.equal("administration route text " + key, got.getDosage().getRoute().getText(), sent.getDosage().getRoute().getText());
            d.equal("administration lots " + key, lots(got), lots(sent));
            d.same("administration performer " + key, got.getPerformerFirstRep().getActor(), sent.getPerformerFirstRep().getActor());
            d.equal("administration note " + key, got.getNoteFirstRep().getText(), sent.getNoteFirstRep().getText());
            d.same("administration request " + key, got.getRequest(), sent.getRequest());
        }

        // vital signs: ORU^R01, keyed by OBR-3 (A's id of the Observation)
        List<Observation> observations = atB.search(Observation.class, "Observation?_count=200");
        List<Observation> scores = observations.stream().filter(o -> o.hasDerivedFrom()).toList();
        List<Observation> vitals = observations.stream().filter(o -> !o.hasDerivedFrom()).toList();
        d.equal("B's vital-sign Observations", vitals.size(), course.vitalIds.size());
        Map<String, Observation> vitalsByKey = byKey(vitals, r -> orderNumber(r.getIdentifierFirstRep().getValue()));
        for (String id : course.vitalIds) {
            Observation sent = atA.read(Observation.class, id);
            Observation got = vitalsByKey.get(id);
            if (got == null) {
                d.found.add("B's observation of A's Observation/" + id + ": missing");
                continue;
            }
            assertThat(got.getSubject().getReference()).isEqualTo(subject);
            d.equal("observation status " + id, got.getStatus(), sent.getStatus());
            d.equal("observation code " + id, codes(got.getCode().getCoding()), codes(sent.getCode().getCoding()));
            d.same("observation time " + id, got.getEffective(), sent.getEffective());
            d.same("observation value " + id, got.getValue(), sent.getValue());
            assertThat(got.getComponent()).as("observation components " + id).hasSameSizeAs(sent.getComponent());
            for (int c = 0; c < sent.getComponent().size(); c++) {
                assertThat(codes(got.getComponent().get(c).getCode().getCoding())).as("component code " + id)
                        .isEqualTo(codes(sent.getComponent().get(c).getCode().getCoding()));
                d.same("component value " + id, got.getComponent().get(c).getValue(), sent.getComponent().get(c).getValue());
            }
        }

        // PHQ-9: ORU^R01 with OBR-4 44249-1, keyed by OBR-3 (A's id of the response); B derives each score again
        List<QuestionnaireResponse> responses = atB.search(QuestionnaireResponse.class, "QuestionnaireResponse?_count=50");
        d.equal("B's QuestionnaireResponses", responses.size(), course.responseIds.size());
        d.equal("B's score Observations, one per response", scores.size(), course.responseIds.size());
        Map<String, QuestionnaireResponse> responsesByKey = byKey(responses, r -> orderNumber(r.getIdentifier().getValue()));
        for (String id : course.responseIds) {
            QuestionnaireResponse sent = atA.read(QuestionnaireResponse.class, id);
            QuestionnaireResponse got = responsesByKey.get(id);
            if (got == null) {
                d.found.add("B's response of A's QuestionnaireResponse/" + id + ": missing");
                continue;
            }
            assertThat(got.getSubject().getReference()).isEqualTo(subject);
            assertThat(got.getQuestionnaire()).isEqualTo(sent.getQuestionnaire());
            d.equal("response status " + id, got.getStatus(), sent.getStatus());
            d.same("response authored " + id, got.getAuthoredElement(), sent.getAuthoredElement());
            // A's answers come back as they went; the total the score states travels as the response's total item
            Map<String, String> answersAtB = answers(got);
            Map<String, String> sentAnswers = answers(sent);
            d.equal("answers of " + id, answersAtB.entrySet().stream()
                    .filter(e -> sentAnswers.containsKey(e.getKey())).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), sentAnswers);
            Observation sentScore = atA.single(Observation.class, "Observation?derived-from=QuestionnaireResponse/" + id);
            Observation gotScore = scores.stream().filter(s -> s.getDerivedFromFirstRep().getReference()
                    .equals("QuestionnaireResponse/" + got.getIdPart())).findFirst().orElse(null);
            if (gotScore == null) {
                d.found.add("B's score of response " + id + ": missing");
                continue;
            }
            d.equal("score code " + id, codes(gotScore.getCode().getCoding()), codes(sentScore.getCode().getCoding()));
            d.same("score value " + id, gotScore.getValue(), sentScore.getValue());
            d.same("score time " + id, gotScore.getEffective(), sentScore.getEffective());
            d.equal("total item of " + id, answersAtB.keySet().stream().filter(k -> !sentAnswers.containsKey(k))
                    .map(answersAtB::get).toList(), List.of("integer " + ((Quantity) sentScore.getValue()).getValue().intValueExact()));
        }
        assertThat(d.found).as("elements of A's course that differ at B").isEmpty();
    }

    /** Every difference found (each with both sides), so that one run shows them all. */
    static final class Differences {
        final List<String> found = new ArrayList<>();

        /** equalsDeep; codings compared without their display (the receiver may add the display of a code it knows). */
        void same(String what, Base got, Base sent) {
            if (got == null && sent == null) {
                return;
            }
            if (got == null || sent == null || !withoutDisplays(got).equalsDeep(withoutDisplays(sent))) {
                found.add(String.format("%s:%n  A sent: %s%n  B has:  %s", what, show(sent), show(got)));
            }
        }

        void equal(String what, Object got, Object sent) {
            if (!Objects.equals(got, sent)) {
                found.add(String.format("%s:%n  A sent: %s%n  B has:  %s", what, sent, got));
            }
        }
    }

    private static Base withoutDisplays(Base value) {
        Base copy = value.copy();
        strip(copy);
        return copy;
    }

    private static void strip(Base value) {
        if (value instanceof Coding coding) {
            coding.setDisplay(null);
        }
        for (var property : value.children()) {
            for (Base child : property.getValues()) {
                strip(child);
            }
        }
    }

    private static String show(Base value) {
        if (value == null) {
            return "(nothing)";
        }
        if (value.isPrimitive()) {
            return value.primitiveValue();
        }
        return FHIR.newJsonParser().encodeToString(value);
    }

    /** An instant compared as a point in time (the receiver may keep another offset of the same moment). */
    private static InstantType instant(InstantType value) {
        return value == null || value.getValue() == null ? null : new InstantType(value.getValue());
    }

    private static List<String> lots(MedicationAdministration administration) {
        return administration.getExtensionsByUrl("https://fhir.kaphub.org/StructureDefinition/kap-medication-lot").stream()
                .map(e -> ((StringType) e.getValue()).getValue()).toList();
    }

    private static List<String> codes(List<Coding> codings) {
        return codings.stream().map(c -> c.getSystem() + "|" + c.getCode()).sorted().toList();
    }

    private static Map<String, String> answers(QuestionnaireResponse response) {
        Map<String, String> answers = new LinkedHashMap<>();
        for (var item : response.getItem()) {
            answers.put(item.getLinkId(), item.getAnswer().stream().map(a -> a.getValue() instanceof Coding coding
                    ? coding.getSystem() + "|" + coding.getCode()
                    : a.getValue().fhirType() + " " + a.getValue().primitiveValue()).collect(Collectors.joining(",")));
        }
        return answers;
    }

    /** The order number (OBR-3, A's id) the receiver's identifier value starts with ("{order}-{code}…"). */
    private static String orderNumber(String value) {
        return value == null ? null : value.substring(0, value.indexOf('-') < 0 ? value.length() : value.indexOf('-'));
    }

    private static <R extends Resource> Map<String, R> byKey(List<R> resources, Function<R, String> key) {
        Map<String, R> byKey = new HashMap<>();
        for (R resource : resources) {
            R before = byKey.put(key.apply(resource), resource);
            assertThat(before).as("two records at B under one key " + key.apply(resource)).isNull();
        }
        return byKey;
    }

    // --- waiting for A's outbox

    private static void awaitDrained(ServerProcess a) throws Exception {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        JsonNode rows;
        while (true) {
            rows = JSON.readTree(get(a, a.token(), "/api/partners/" + CLINIC_B)).path("rows");
            if (rows.path("QUEUED").asInt(0) + rows.path("IN_FLIGHT").asInt(0) == 0 && rows.size() > 0) {
                break;
            }
            if (System.nanoTime() > deadline) {
                fail("A's outbox for %s not drained within %s: %s%n%s", CLINIC_B, DRAIN_TIMEOUT, rows, a.tail());
            }
            Thread.sleep(250);
        }
        log("A's outbox for %s: %s", CLINIC_B, rows);
        if (rows.path("DEAD").asInt(0) + rows.path("BLOCKED").asInt(0) > 0) {
            JsonNode failed = JSON.readTree(get(a, a.token(), "/api/partners/" + CLINIC_B + "/deliveries?status=DEAD&status=BLOCKED"));
            fail("rows of A's outbox not delivered to %s (no PHI: types, ids, LAST_ERROR): %s", CLINIC_B, failed.toPrettyString());
        }
        assertThat(rows.path("DELIVERED").asInt(0)).as("rows delivered to " + CLINIC_B).isPositive();
    }

    // --- the course

    /** What is written to A, and A's ids of it. */
    static final class Course {
        final String run;
        final String mrn;
        String patientId;
        String orderId;
        final List<String> appointmentIds = new ArrayList<>();
        final List<String> administrationIds = new ArrayList<>();
        final List<String> vitalIds = new ArrayList<>();
        final List<String> responseIds = new ArrayList<>();

        Course(String run) {
            this.run = run;
            this.mrn = "MRN-" + run;
        }

        void writeTo(Fhir a) throws Exception {
            Patient patient = golden(Patient.class, "patient-v251");
            patient.setId((String) null);
            patient.getIdentifier().clear();
            Identifier mr = patient.addIdentifier().setSystem(MRN_SYSTEM).setValue(mrn);
            mr.getType().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v2-0203").setCode("MR");
            patient.getAddress().clear(); // not compared: the course's point is the clinical records
            patient.getTelecom().clear();
            patientId = a.create(patient);
            Reference subject = new Reference("Patient/" + patientId);

            MedicationRequest order = golden(MedicationRequest.class, "rde-ketamine-iv-v251");
            order.setId((String) null);
            order.getIdentifier().get(0).setValue("ORD-" + run);
            order.getIdentifier().get(1).setValue("FIL-" + run);
            order.setSubject(subject);
            orderId = a.create(order);
            Identifier placer = order.getIdentifier().get(0);

            // three dosing appointments; the second moved (SIU^S13), the third cancelled (S15)
            for (int i = 1; i <= 3; i++) {
                Appointment appointment = golden(Appointment.class, "appointment-booked-v251");
                appointment.setId((String) null);
                appointment.getIdentifierFirstRep().setValue("APT-" + run + "-" + i);
                appointment.getParticipant().removeIf(p -> !p.getActor().getReference().startsWith("Patient/"));
                appointment.getParticipantFirstRep().setActor(subject.copy());
                appointment.setStartElement(new InstantType("2026-03-0" + (2 * i) + "T09:00:00-05:00"));
                appointment.setEndElement(new InstantType("2026-03-0" + (2 * i) + "T11:00:00-05:00"));
                appointmentIds.add(a.create(appointment));
            }
            Appointment moved = a.read(Appointment.class, appointmentIds.get(1));
            moved.setStartElement(new InstantType("2026-03-05T13:00:00-05:00"));
            moved.setEndElement(new InstantType("2026-03-05T15:00:00-05:00"));
            a.update(moved);
            Appointment cancelled = a.read(Appointment.class, appointmentIds.get(2));
            cancelled.setStatus(Appointment.AppointmentStatus.CANCELLED);
            a.update(cancelled);

            // six sessions: four IV ketamine, two esketamine nasal; vitals of each session
            for (int s = 1; s <= SESSIONS; s++) {
                boolean esketamine = s > 4;
                String day = String.format("2026-03-%02d", 8 + 3 * s);
                MedicationAdministration given = golden(MedicationAdministration.class,
                        esketamine ? "ras-esketamine-v23" : "ras-ketamine-iv-v251");
                given.setId((String) null);
                given.getIdentifier().clear();
                given.addIdentifier().setSystem("https://clinic-a.example/fhir/sid/administration").setValue("ADM-" + run + "-" + s);
                // the NPI of the nurse, as the ketamine shape names her (no Practitioner resource needed at either end)
                given.setPerformer(golden(MedicationAdministration.class, "ras-ketamine-iv-v251").getPerformer());
                given.setSubject(subject);
                given.setRequest(new Reference().setType("MedicationRequest").setIdentifier(placer.copy().setType(null)));
                given.setEffective(new Period()
                        .setStartElement(new DateTimeType(day + "T09:20:00-05:00"))
                        .setEndElement(new DateTimeType(day + (esketamine ? "T09:25:00-05:00" : "T10:00:00-05:00"))));
                given.getDosage().getDose().setValue(esketamine ? BigDecimal.valueOf(s == 5 ? 56 : 84) : BigDecimal.valueOf(30 + s));
                given.getExtension().removeIf(e -> e.getUrl().endsWith("/kap-medication-lot"));
                given.addExtension("https://fhir.kaphub.org/StructureDefinition/kap-medication-lot", new StringType("LOT-" + run + "-" + s));
                administrationIds.add(a.create(given));

                Observation pressure = golden(Observation.class, "blood-pressure-v251");
                pressure.setId((String) null);
                pressure.setSubject(subject);
                pressure.setEffective(new DateTimeType(day + "T10:00:00-05:00"));
                ((Quantity) pressure.getComponent().get(0).getValue()).setValue(120 + s);
                ((Quantity) pressure.getComponent().get(1).getValue()).setValue(75 + s);
                vitalIds.add(a.create(pressure));

                Observation heartRate = golden(Observation.class, "heart-rate-v28");
                heartRate.setId((String) null);
                heartRate.setSubject(subject);
                heartRate.setEffective(new DateTimeType(day + "T10:00:00-05:00"));
                ((Quantity) heartRate.getValue()).setValue(70 + s);
                vitalIds.add(a.create(heartRate));

                Observation oxygen = golden(Observation.class, "oxygen-saturation-v23");
                oxygen.setId((String) null);
                oxygen.setSubject(subject);
                oxygen.setEffective(new DateTimeType(day + "T10:00:00-05:00"));
                ((Quantity) oxygen.getValue()).setValue(94 + s % 5);
                vitalIds.add(a.create(oxygen));
            }

            // PHQ-9 before, during and after the course: answers falling
            String[] answers = {"LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"};
            for (int t = 0; t < 3; t++) {
                QuestionnaireResponse response = golden(QuestionnaireResponse.class, "phq9-response-v251");
                response.setId((String) null);
                response.setSubject(subject);
                response.setAuthoredElement(new DateTimeType(String.format("2026-03-%02d", 1 + 14 * t) + "T08:00:00-05:00"));
                int i = 0;
                for (var item : response.getItem()) {
                    if (item.getLinkId().startsWith("phq9-q")) {
                        Coding answer = item.getAnswerFirstRep().getValueCoding();
                        answer.setCode(answers[Math.max(0, 3 - t - i % 2)]).setDisplay(null);
                    }
                    i++;
                }
                responseIds.add(a.create(response));
            }
        }
    }

    /** The first resource of a builder golden file (src/test/resources/hl7v2/out): a shape the round-trip tests use. */
    static <R extends Resource> R golden(Class<R> type, String name) throws IOException {
        try (InputStream in = CourseExchangeIT.class.getResourceAsStream("/hl7v2/out/" + name + ".json")) {
            Objects.requireNonNull(in, name);
            Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, in);
            return type.cast(bundle.getEntryFirstRep().getResource());
        }
    }

    // --- FHIR REST as kap-dev

    static final class Fhir {
        private final ServerProcess server;
        private final String token;
        private final IParser json = FHIR.newJsonParser();

        Fhir(ServerProcess server) throws IOException {
            this.server = server;
            this.token = server.token();
        }

        String create(Resource resource) throws Exception {
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri(resource.fhirType()))
                    .POST(HttpRequest.BodyPublishers.ofString(json.encodeResourceToString(resource))));
            assertThat(response.statusCode()).as("create " + resource.fhirType() + ": " + response.body()).isEqualTo(201);
            return json.parseResource(response.body()).getIdElement().getIdPart();
        }

        void update(Resource resource) throws Exception {
            String path = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path))
                    .PUT(HttpRequest.BodyPublishers.ofString(json.encodeResourceToString(resource))));
            assertThat(response.statusCode()).as("update " + resource.fhirType() + ": " + response.body()).isEqualTo(200);
        }

        <R extends Resource> R read(Class<R> type, String id) throws Exception {
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri(type.getSimpleName() + "/" + id)).GET());
            assertThat(response.statusCode()).as("read " + type.getSimpleName() + "/" + id).isEqualTo(200);
            return json.parseResource(type, response.body());
        }

        <R extends Resource> List<R> search(Class<R> type, String query) throws Exception {
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri(query)).GET());
            assertThat(response.statusCode()).as("search " + query + ": " + response.body()).isEqualTo(200);
            Bundle bundle = json.parseResource(Bundle.class, response.body());
            assertThat(bundle.getLink("next")).as("one page: " + query).isNull();
            return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(type::isInstance)
                    .map(type::cast).toList();
        }

        <R extends Resource> R single(Class<R> type, String query) throws Exception {
            List<R> found = search(type, query);
            assertThat(found).as(query).hasSize(1);
            return found.get(0);
        }

        private URI uri(String path) {
            return URI.create(server.base() + "/fhir/" + path);
        }

        private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            return HTTP.send(request.header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/fhir+json").header("Accept", "application/fhir+json")
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static String get(ServerProcess server, String token, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.base() + path))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json")
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    // --- the processes

    private ServerProcess start(String node, int mllpPort, Path partners, Map<String, String> extra) {
        try {
            Path dataDir = Files.createDirectories(work.resolve("data-" + node));
            Map<String, String> env = new HashMap<>(extra);
            env.put("KAP_DATADIR", dataDir.toString());
            env.put("KAP_MLLP_PORT", Integer.toString(mllpPort));
            env.put("KAP_PARTNERS_FILE", partners.toString());
            ServerProcess server = ServerProcess.start(work, ServerProcess.freePort(), env, work.resolve(node + ".log"));
            synchronized (started) {
                started.add(server);
            }
            return server.awaitReady(READINESS_TIMEOUT);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static long seconds(long startNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
    }

    private static void log(String format, Object... args) {
        System.out.println("[CourseExchangeIT] " + String.format(format, args));
    }
}
