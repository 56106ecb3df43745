package org.kaphub.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HAPI's own failure log line quotes the exception message, and HAPI's messages quote what the client sent
 * (an invalid gender code, a name): PHI. Its logger is off (application.yaml); this line says what failed with
 * the status, the HAPI error code and the exception classes only.
 */
@Component
@Interceptor
class FhirErrorLog implements FhirServerCustomizer {

    private static final Logger log = LoggerFactory.getLogger(FhirErrorLog.class);
    private static final Pattern HAPI_CODE = Pattern.compile("(HAPI-\\d+)");

    @Override
    public void customize(ca.uhn.fhir.rest.server.RestfulServer server) {
        server.registerInterceptor(this);
    }

    @Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
    boolean logWithoutContent(RequestDetails request, BaseServerResponseException exception) {
        Matcher code = HAPI_CODE.matcher(String.valueOf(exception.getMessage()));
        String what = request.getRequestType() + " " + (request.getResourceName() == null ? "/" : request.getResourceName())
                + " " + (request.getRestOperationType() == null ? "" : request.getRestOperationType().getCode());
        if (exception.getStatusCode() >= 500) {
            log.error("FHIR {} failed: HTTP {} {} ({})", what, exception.getStatusCode(), code.find() ? code.group(1) : "",
                    causes(exception));
        } else {
            log.info("FHIR {} refused: HTTP {} {}", what, exception.getStatusCode(), code.find() ? code.group(1) : "");
        }
        return true;
    }

    private static String causes(Throwable exception) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = exception; t != null && chain.length() < 500; t = t.getCause()) {
            chain.append(chain.isEmpty() ? "" : " <- ").append(t.getClass().getName());
            if (t.getStackTrace().length > 0) {
                chain.append(" at ").append(t.getStackTrace()[0]);
            }
        }
        return chain.toString();
    }
}
