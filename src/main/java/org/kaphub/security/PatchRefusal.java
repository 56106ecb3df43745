package org.kaphub.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.MethodNotAllowedException;
import org.hl7.fhir.r4.model.Bundle;

import java.util.List;

/**
 * PATCH is not offered, on any path: a PATCH request is 405, a transaction or batch with a PATCH entry is 400. A patch
 * would reach the stored resource past the checks a whole new version goes through (profiles, organisation rules);
 * clients send the whole resource with PUT instead.
 */
@Interceptor
class PatchRefusal {

    /** Before the authorization rules, so every client gets the same answer whatever its scopes. */
    @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED, order = -20)
    public void refusePatch(RequestDetails request) {
        if (request.getRestOperationType() == RestOperationTypeEnum.PATCH) {
            throw new MethodNotAllowedException("PATCH is not supported by KAP Hub: send the whole resource with PUT",
                    RequestTypeEnum.GET, RequestTypeEnum.PUT, RequestTypeEnum.DELETE);
        }
        List<Bundle.BundleEntryComponent> entries = BundleRequests.entries(request);
        for (int i = 0; i < entries.size(); i++) {
            if (BundleRequests.method(entries.get(i)) == Bundle.HTTPVerb.PATCH) {
                throw new InvalidRequestException("Bundle.entry[" + i + "]: PATCH is not supported by KAP Hub, "
                        + "in a transaction or batch either: send the whole resource with PUT");
            }
        }
    }
}
