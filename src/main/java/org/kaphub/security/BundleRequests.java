package org.kaphub.security;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.util.UrlUtil;
import org.hl7.fhir.r4.model.Bundle;

import java.util.List;
import java.util.Map;

/** The entries of a transaction or batch request, and the search terms in their URLs and conditions. */
final class BundleRequests {

    private BundleRequests() {
    }

    /** Each entry of the request's Bundle when it is a transaction or batch; else none. */
    static List<Bundle.BundleEntryComponent> entries(RequestDetails request) {
        if (request.getRestOperationType() == RestOperationTypeEnum.TRANSACTION && request.getResource() instanceof Bundle bundle) {
            return bundle.getEntry();
        }
        return List.of();
    }

    static Bundle.HTTPVerb method(Bundle.BundleEntryComponent entry) {
        return entry.getRequest().getMethod();
    }

    /** The search terms of a URL (after its '?'): a search, or a conditional update or delete. */
    static Map<String, String[]> query(String url) {
        if (url == null || url.indexOf('?') < 0) {
            return Map.of();
        }
        return UrlUtil.parseQueryString(url.substring(url.indexOf('?') + 1));
    }

    /** The search terms of a condition ({@code If-None-Exist}: {@code identifier=…}, or {@code Patient?identifier=…}). */
    static Map<String, String[]> criteria(String condition) {
        if (condition == null || condition.isBlank()) {
            return Map.of();
        }
        return UrlUtil.parseQueryString(condition.substring(condition.indexOf('?') + 1));
    }

    /** The path of a URL without its query: {@code Patient/1/$validate?mode=delete} → {@code Patient/1/$validate}. */
    static String path(String url) {
        if (url == null) {
            return "";
        }
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}
