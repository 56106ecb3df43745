package org.kaphub.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import org.springframework.stereotype.Component;

/**
 * FHIR R4 (http.html#concurrency) answers a stale {@code If-Match} with 412 Precondition Failed; HAPI's JPA
 * layer reports the version mismatch as a 409 conflict. On an update or patch that carried If-Match, a version
 * conflict is exactly that failed precondition, so it is re-answered as 412 with the same OperationOutcome.
 */
@Component
@Interceptor
class StaleIfMatchInterceptor {

    @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
    BaseServerResponseException toPreconditionFailed(RequestDetails request, Throwable exception) {
        if (exception instanceof ResourceVersionConflictException conflict
                && carriesIfMatch(request)
                && (request.getRestOperationType() == RestOperationTypeEnum.UPDATE
                    || request.getRestOperationType() == RestOperationTypeEnum.PATCH)) {
            return new PreconditionFailedException(conflict.getMessage(), conflict.getOperationOutcome());
        }
        return null; // not ours to change: HAPI answers as usual
    }

    private static boolean carriesIfMatch(RequestDetails request) {
        String ifMatch = request.getHeader(Constants.HEADER_IF_MATCH);
        return ifMatch != null && !ifMatch.isBlank();
    }
}
