package org.kaphub.fhir;

/**
 * A HAPI plain provider ({@code @Operation} methods) that a capability package adds to the FHIR API, e.g.
 * {@code rems.RemsReportProvider}. Every Spring bean of this type is registered on the RestfulServer.
 */
public interface OperationProvider {
}
