package org.kaphub.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Raw FHIR JSON over real HTTP as the development client (every scope): for tests that assert on the wire. */
public final class DevFhirHttp {

    private static final String FHIR_JSON = "application/fhir+json";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final int port;

    public DevFhirHttp(int port) {
        this.port = port;
    }

    /** @param path relative to /fhir, e.g. {@code Patient/1}; empty for the base (transactions) */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return HTTP.send(request(path).header("Content-Type", FHIR_JSON).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> put(String path, String body) throws IOException, InterruptedException {
        return HTTP.send(request(path).header("Content-Type", FHIR_JSON).PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        String url = "http://127.0.0.1:" + port + "/fhir" + (path.isEmpty() ? "" : "/" + path);
        return HttpRequest.newBuilder(URI.create(url)).header("Accept", FHIR_JSON)
                .header("Authorization", "Bearer " + Tokens.dev(port));
    }
}
