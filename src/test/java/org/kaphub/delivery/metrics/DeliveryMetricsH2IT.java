package org.kaphub.delivery.metrics;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kaphub.support.KapIntegrationTest;
import org.kaphub.support.PartnerSimulator;
import org.kaphub.support.PartnerSimulator.Receiver;
import org.kaphub.support.TestSecurity;
import org.kaphub.support.Tokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The delivery metrics of one partner, scraped from /actuator/prometheus over HTTP with an admin token while the
 * running application delivers that partner's rows to its simulator: written by the outbox writer for new Patients of
 * the partner's organisation (no other test writes for it).
 */
@KapIntegrationTest
class DeliveryMetricsH2IT {

    private static final String PARTNER = TestSecurity.DISPATCH_METRICS;
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{(.*)}\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final HttpClient http = HttpClient.newHttpClient();
    static PartnerSimulator simulator;

    @Autowired
    DaoRegistry daos;
    @Autowired
    JdbcClient jdbc;
    @LocalServerPort
    int port;

    @BeforeAll
    static void simulator() {
        simulator = TestSecurity.simulator();
    }

    @Test
    void countsDeliveriesLagRefusalsRetriesAndTheAgeOfWhatWaitsPerPartner() throws Exception {
        Receiver receiver = simulator.receiver(PARTNER);
        receiver.reset();
        List<Sample> before = scrape();
        double delivered = value(before, "kap_delivery_attempts_total", "outcome", "delivered");
        double dead = value(before, "kap_delivery_attempts_total", "outcome", "dead");
        double retried = value(before, "kap_delivery_attempts_total", "outcome", "retried");
        double lagCount = value(before, "kap_delivery_lag_seconds_count", null, null);

        // delivered: two patients, each its own row; the lag histogram counts both, with buckets for p50/p99
        long first = storePatient();
        long second = storePatient();
        await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(status(first)) && "DELIVERED".equals(status(second)));
        // the meters are recorded just after the row's outcome is written: scraped until they show it
        List<Sample> afterDelivery = settled(samples -> {
            assertThat(value(samples, "kap_delivery_attempts_total", "outcome", "delivered")).isEqualTo(delivered + 2);
            assertThat(value(samples, "kap_delivery_lag_seconds_count", null, null)).isEqualTo(lagCount + 2);
            assertThat(value(samples, "kap_delivery_lag_seconds_bucket", "le", "+Inf")).isEqualTo(lagCount + 2);
        });
        assertThat(afterDelivery).filteredOn(s -> s.name().equals("kap_delivery_lag_seconds_bucket")
                && PARTNER.equals(s.labels().get("partner"))).hasSizeGreaterThan(10);

        // refused (400): dead-lettered at once, counted, and shown among the partner's dead rows
        double deadRows = value(afterDelivery, "kap_delivery_rows", "status", "dead");
        receiver.failNext(400, 1, null);
        long refused = storePatient();
        await().atMost(Duration.ofSeconds(30)).until(() -> "DEAD".equals(status(refused)));
        settled(samples -> assertThat(value(samples, "kap_delivery_attempts_total", "outcome", "dead")).isEqualTo(dead + 1));
        awaitGauge("kap_delivery_rows", "status", "dead", v -> v == deadRows + 1);

        // not delivering (paused): the row waits, its age grows; then the partner fails twice (503) and takes it
        pause(true);
        long waiting = storePatient();
        awaitGauge("kap_delivery_rows", "status", "queued", v -> v == 1);
        awaitGauge("kap_delivery_oldest_undelivered_seconds", null, null, v -> v >= 1);
        receiver.failNext(503, 2, null);
        pause(false);
        await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(status(waiting)));
        settled(samples -> {
            assertThat(value(samples, "kap_delivery_attempts_total", "outcome", "retried")).isEqualTo(retried + 2);
            assertThat(value(samples, "kap_delivery_attempts_total", "outcome", "delivered")).isEqualTo(delivered + 3);
            assertThat(value(samples, "kap_delivery_lag_seconds_count", null, null)).isEqualTo(lagCount + 3);
            assertThat(value(samples, "kap_delivery_lag_seconds_max", null, null)).isGreaterThanOrEqualTo(1.0);
        });
        awaitGauge("kap_delivery_oldest_undelivered_seconds", null, null, v -> v == 0);
        awaitGauge("kap_delivery_rows", "status", "queued", v -> v == 0);
    }

    // ---- the partner and its rows ----

    /** A new patient of the partner's organisation: the outbox writer's row for it (its id). */
    private long storePatient() {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem("urn:oid:2.16.840.1.113883.3.9999.77").setValue("MRN-" + UUID.randomUUID());
        patient.setManagingOrganization(new Reference("Organization/" + TestSecurity.dispatchOrg(PARTNER)));
        String id = daos.getResourceDao(Patient.class).create(patient, new SystemRequestDetails()).getId().getIdPart();
        return jdbc.sql("SELECT ID FROM KAP_OUTBOX WHERE PARTNER_ID = ? AND RESOURCE_TYPE = 'Patient' AND RESOURCE_ID = ?")
                .params(PARTNER, id).query(Long.class).single();
    }

    private String status(long row) {
        return jdbc.sql("SELECT STATUS FROM KAP_OUTBOX WHERE ID = ?").param(row).query(String.class).single();
    }

    /** As an operator pauses a partner (the dispatcher's table, shared by all nodes). */
    private void pause(boolean paused) {
        Timestamp now = Timestamp.from(Instant.now());
        int updated = jdbc.sql("UPDATE KAP_DELIVERY_PARTNER SET PAUSED = ?, UPDATED_AT = ? WHERE PARTNER_ID = ?")
                .params(paused, now, PARTNER).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO KAP_DELIVERY_PARTNER (PARTNER_ID, PAUSED, CONSECUTIVE_FAILURES, UPDATED_AT) VALUES (?, ?, 0, ?)")
                    .params(PARTNER, paused, now).update();
        }
    }

    // ---- Prometheus ----

    /** Scrapes until {@code expectations} hold (at most 10 s), and returns that scrape. */
    private List<Sample> settled(java.util.function.Consumer<List<Sample>> expectations) {
        List<List<Sample>> last = new java.util.ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            List<Sample> samples = scrape();
            expectations.accept(samples);
            last.add(samples);
        });
        return last.get(last.size() - 1);
    }

    private void awaitGauge(String name, String label, String labelValue, java.util.function.DoublePredicate expected) {
        // the gauges reuse one read of KAP_OUTBOX for kap.delivery.metrics.cache-for (5 s)
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> expected.test(value(scrape(), name, label, labelValue)));
    }

    private record Sample(String name, Map<String, String> labels, double value) {
    }

    /** Every sample of the scrape. */
    private List<Sample> scrape() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                .header("Authorization", "Bearer " + Tokens.dev(port)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        List<Sample> samples = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            Matcher sample = SAMPLE.matcher(line.trim());
            if (sample.matches()) {
                Map<String, String> labels = new HashMap<>();
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
                samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(3))));
            }
        }
        return samples;
    }

    /** The partner's sample of {@code name} (with {@code label="labelValue"} when given); 0 when absent. */
    private static double value(List<Sample> samples, String name, String label, String labelValue) {
        return samples.stream()
                .filter(s -> s.name().equals(name) && PARTNER.equals(s.labels().get("partner")))
                .filter(s -> label == null || labelValue.equals(s.labels().get(label)))
                .mapToDouble(Sample::value)
                .findFirst().orElse(0.0);
    }
}
