package org.kaphub.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.util.Locale;
import java.util.Set;

/**
 * A body HAPI cannot read as FHIR is answered 415 Unsupported Media Type (HTTP semantics; HAPI says 400),
 * so a partner sees at once that the Content-Type, not the content, is wrong.
 */
@Component
@Interceptor
class UnsupportedMediaTypeInterceptor {

    /** Bodies that are not a FHIR resource but that FHIR interactions accept. */
    private static final Set<String> OTHER_ACCEPTED = Set.of(
            "application/json-patch+json",          // JSON Patch
            "application/x-www-form-urlencoded");   // POST [type]/_search

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_PROCESSED)
    boolean rejectUnreadableBody(HttpServletRequest request) {
        String method = request.getMethod();
        if (!("POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method))) {
            return true;
        }
        String contentType = request.getContentType();
        if (contentType == null || contentType.isBlank()) {
            if (request.getContentLengthLong() > 0) {
                throw unsupported("A request body needs a Content-Type: application/fhir+json or application/fhir+xml");
            }
            return true;
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (EncodingEnum.forContentType(mediaType) != null || OTHER_ACCEPTED.contains(mediaType) || isBinary(request)) {
            return true;
        }
        throw unsupported("Content-Type '" + mediaType + "' is not supported: use application/fhir+json or application/fhir+xml");
    }

    /** FHIR lets a Binary be created or updated in its own native content type. */
    private static boolean isBinary(HttpServletRequest request) {
        String path = request.getPathInfo();
        return path != null && (path.equals("/Binary") || path.startsWith("/Binary/"));
    }

    private static UnclassifiedServerFailureException unsupported(String message) {
        return new UnclassifiedServerFailureException(HttpStatus.UNSUPPORTED_MEDIA_TYPE.value(), message);
    }
}
