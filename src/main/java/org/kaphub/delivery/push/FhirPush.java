package org.kaphub.delivery.push;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.kaphub.partners.Partner;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.stereotype.Component;
import org.springframework.util.StreamUtils;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Sends one transaction Bundle to a partner's FHIR base ({@code POST [base]}), signed in with a cached bearer token
 * when the partner has {@code outbound-auth}, and reports what came back — status, response body, Retry-After — or
 * why nothing did. Spring's RestClient rather than HAPI's generic client: HAPI's client drops the response headers
 * of a failed request, and a partner's Retry-After is one of them.
 */
@Component
public class FhirPush {

    private static final MediaType FHIR_JSON = MediaType.parseMediaType("application/fhir+json");

    private final FhirContext fhir;
    private final PartnerTokens tokens;
    private final RestClient client;

    FhirPush(FhirContext fhir, PartnerTokens tokens, PushProperties properties, RestClient.Builder restClients) {
        this.fhir = fhir;
        this.tokens = tokens;
        this.client = restClients.clone().requestFactory(requestFactory(properties)).build();
    }

    static ClientHttpRequestFactory requestFactory(PushProperties properties) {
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
        factory.setReadTimeout(properties.readTimeout());
        return factory;
    }

    /** The Bundle as it goes over the wire (the journal keeps these bytes). */
    public String encode(Bundle bundle) {
        return fhir.newJsonParser().encodeResourceToString(bundle);
    }

    public PushResponse send(Partner partner, String bundleJson) {
        String bearer;
        try {
            bearer = tokens.bearer(partner).orElse(null);
        } catch (OAuth2AuthorizationException e) {
            return PushResponse.noResponse("token refused by the partner's authorization server: " + e.getError().getErrorCode());
        } catch (RestClientException e) {
            return PushResponse.noResponse("token endpoint not reachable: " + e.getClass().getSimpleName());
        } catch (IllegalStateException e) {
            // secret-env / secret-file unreadable now (unset, rotated away): tried again, as a token failure is
            return PushResponse.noResponse("KAP Hub's secret for the partner cannot be read: " + e.getMessage());
        }
        try {
            PushResponse response = client.post()
                    .uri(partner.endpoint())
                    .contentType(FHIR_JSON)
                    .accept(FHIR_JSON)
                    .header("Prefer", "return=minimal") // the answer names locations; the resources it has from us
                    .headers(headers -> {
                        if (bearer != null) {
                            headers.setBearerAuth(bearer);
                        }
                    })
                    .body(bundleJson.getBytes(StandardCharsets.UTF_8))
                    .exchange((request, answer) -> new PushResponse(answer.getStatusCode().value(), body(answer.getBody()),
                            retryAfter(answer.getHeaders()), answer.getStatusCode().is2xxSuccessful() ? null
                            : "HTTP " + answer.getStatusCode().value()));
            if (response.status() == 401) {
                tokens.forget(partner); // a token it no longer takes: the next attempt signs in again
            }
            return response;
        } catch (ResourceAccessException e) {
            // refused connection, time-out, reset: the partner may or may not have stored it; sending again is safe
            return PushResponse.noResponse("no response: " + rootCause(e));
        }
    }

    private static String body(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(PushResponse.MAX_BODY);
        StreamUtils.drain(in);
        return bytes.length == 0 ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** Retry-After as seconds or as an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(HttpHeaders headers) {
        String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(Instant.now(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    /**
     * The innermost cause, e.g. "ConnectException: Connection refused" or "HttpTimeoutException: request timed out":
     * the outer exception's message quotes the URL.
     */
    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? "" : ": " + cause.getMessage();
        return cause.getClass().getSimpleName() + (message.length() > 200 ? message.substring(0, 200) : message);
    }
}
