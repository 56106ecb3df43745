package org.kaphub.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.kaphub.ownership.PatientOwnership;
import org.kaphub.ownership.Writer;

/**
 * ownership/'s rule for a Patient's organisation applied to the REST request up front, before the scope rules and the
 * visibility rule: a Patient body naming another organisation is refused with that reason (403) whatever it targets,
 * so the answer does not depend on whether the target exists or is hidden. The storage hooks check it again.
 */
@Interceptor
class PatientBodies {

    @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED, order = -10)
    public void refuseForeignPatients(RequestDetails request) {
        Writer writer = Writer.of(request).orElse(null);
        if (writer == null) {
            return;
        }
        RestOperationTypeEnum operation = request.getRestOperationType();
        if ((operation == RestOperationTypeEnum.CREATE || operation == RestOperationTypeEnum.UPDATE)
                && request.getResource() instanceof Patient patient) {
            PatientOwnership.requireOwnOrganisation(writer, patient);
        }
        for (Bundle.BundleEntryComponent entry : BundleRequests.entries(request)) {
            Bundle.HTTPVerb method = BundleRequests.method(entry);
            if ((method == Bundle.HTTPVerb.POST || method == Bundle.HTTPVerb.PUT) && entry.getResource() instanceof Patient patient) {
                PatientOwnership.requireOwnOrganisation(writer, patient);
            }
        }
    }
}
