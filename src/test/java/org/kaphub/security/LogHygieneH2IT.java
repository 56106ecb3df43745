package org.kaphub.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kaphub.support.KapIntegrationTest;
import org.kaphub.support.MllpClient;
import org.kaphub.support.Tokens;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * No PHI and no tokens in the logs: a patient with a name found nowhere else goes in through FHIR (good and bad
 * requests) and HL7 v2, tokens go through headers (valid and not), and the captured output holds none of them.
 */
@KapIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class LogHygieneH2IT {

    @LocalServerPort
    int port;
    @Value("${kap.mllp.port}")
    int mllpPort;

    @Test
    void neitherPatientNamesNorTokensReachTheLog(CapturedOutput output) throws Exception {
        String name = "Vexbrightling" + UUID.randomUUID().toString().substring(0, 6);
        String mrn = "MRX" + UUID.randomUUID().toString().substring(0, 8);
        String token = Tokens.dev(port);
        String forged = token.substring(0, token.length() - 6) + "AAAAAA";
        HttpClient http = HttpClient.newHttpClient();
        String patient = "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"urn:x\",\"value\":\"" + mrn + "\"}],"
                + "\"name\":[{\"family\":\"" + name + "\"}]}";
        for (String bearer : new String[]{token, forged}) {
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/fhir/Patient"))
                    .header("Content-Type", "application/fhir+json").header("Authorization", "Bearer " + bearer)
                    .POST(HttpRequest.BodyPublishers.ofString(patient)).build(), HttpResponse.BodyHandlers.ofString());
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/fhir/Patient?family=" + name))
                    .header("Authorization", "Bearer " + bearer).GET().build(), HttpResponse.BodyHandlers.ofString());
        }
        // invalid content quoting the name
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/fhir/Patient"))
                .header("Content-Type", "application/fhir+json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Patient\",\"gender\":\"" + name + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        String adt = "MSH|^~\\&|REGADT|SOUTHCLINIC|KAPHUB|KAP|20240306083000||ADT^A04^ADT_A01|LOG" + mrn + "|P|2.5.1\r"
                + "PID|1||" + mrn + "^^^SOUTHCLINIC^MR||" + name + "^ANNA||19840712|F\r";
        assertThat(MllpClient.sendOnce(mllpPort, adt)).contains("MSA|AA");
        assertThat(MllpClient.sendOnce(mllpPort, adt.replace("PID|1||" + mrn, "PID|1||"))).contains("MSA|AE");

        // a frame that stalls half-way: camel-mllp reports the read timeout, with the bytes it had when it logs PHI
        try (MllpClient stalled = new MllpClient(mllpPort, 20_000)) {
            stalled.writeRaw(new byte[] {MllpClient.START});
            stalled.writeRaw(("MSH|^~\\&|" + name + "|" + mrn + "|KAPHUB|KAP|20240306083000||ADT^A04").getBytes(StandardCharsets.US_ASCII));
            assertThatThrownBy(stalled::readAck).as("the server drops the stalled frame after its read timeout")
                    .isInstanceOf(IOException.class).isNotInstanceOf(java.net.SocketTimeoutException.class);
        }

        assertThat(output.getAll()).doesNotContain(name).doesNotContain(mrn).doesNotContain(token)
                .doesNotContain(token.substring(token.lastIndexOf('.') + 1)).doesNotContain(forged);
    }
}
