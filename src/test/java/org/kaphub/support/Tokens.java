package org.kaphub.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Access tokens from the server's own /oauth2/token, as partners get them (client_credentials). */
public final class Tokens {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();

    private record Cached(String token, long expiresAtMillis) {
    }

    private Tokens() {
    }

    /** A token for the development client with every scope it is registered for. */
    public static String dev(int port) {
        return forClient(port, TestSecurity.DEV_CLIENT, TestSecurity.DEV_SECRET, null);
    }

    public static String forClient(int port, String clientId, String secret, String scope) {
        String key = port + " " + clientId + " " + scope;
        Cached cached = CACHE.get(key);
        if (cached != null && cached.expiresAtMillis > System.currentTimeMillis() + 30_000) {
            return cached.token;
        }
        HttpResponse<String> response = request(port, form("grant_type", "client_credentials", "scope", scope),
                "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token request for " + clientId + " answered " + response.statusCode() + ": " + response.body());
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            String token = body.path("access_token").asText();
            CACHE.put(key, new Cached(token, System.currentTimeMillis() + body.path("expires_in").asLong() * 1000));
            return token;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static HttpResponse<String> request(int port, String form, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A form body from name/value pairs; a null value leaves its pair out. */
    public static String form(String... pairs) {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                continue;
            }
            if (!form.isEmpty()) {
                form.append('&');
            }
            form.append(pairs[i]).append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return form.toString();
    }
}
