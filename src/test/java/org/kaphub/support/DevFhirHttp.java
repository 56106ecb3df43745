package org.kaphub.support;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** FHIR over real HTTP as the development client (every scope): raw JSON for tests that assert on the wire, or HAPI's client. */
public final class DevFhirHttp {

    private static final String FHIR_JSON = "application/fhir+json";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final int port;

    public DevFhirHttp(int port) {
        this.port = port;
    }

    /** HAPI's generic client on this server's /fhir, as the development client. */
    public static IGenericClient client(int port) {
        FhirContext context = FhirContext.forR4Cached();
        context.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        IGenericClient client = context.newRestfulGenericClient("http://127.0.0.1:" + port + "/fhir");
        client.registerInterceptor(new BearerTokenAuthInterceptor(Tokens.dev(port)));
        return client;
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
