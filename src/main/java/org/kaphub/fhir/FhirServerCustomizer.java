package org.kaphub.fhir;

import ca.uhn.fhir.rest.server.RestfulServer;

/**
 * Lets another capability (security, audit) add its interceptors to the FHIR server without this package
 * knowing about it. Called once, in bean order, before the servlet starts serving.
 */
@FunctionalInterface
public interface FhirServerCustomizer {
    void customize(RestfulServer server);
}
