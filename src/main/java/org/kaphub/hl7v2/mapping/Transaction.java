package org.kaphub.hl7v2.mapping;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * The FHIR transaction Bundle a message becomes. Every entry has a {@code urn:uuid} fullUrl that other entries
 * (and the Provenance the route adds) reference; every write is conditional on a business identifier, so a resend
 * updates what the first copy created instead of duplicating it.
 */
public final class Transaction {

    private final Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);

    /** Conditional update: created when nothing matches, replaced when one resource does (412 when several do). */
    public Reference upsert(Resource resource, Identifier key) {
        return upsert(resource, List.of(key));
    }

    /** Conditional update on any of {@code keys} (one search, the keys OR-ed). */
    public Reference upsert(Resource resource, List<Identifier> keys) {
        return add(resource, Bundle.HTTPVerb.PUT, searchUrl(resource.fhirType(), keys), null);
    }

    /** Conditional create: the existing resource is kept untouched when one matches (e.g. a Patient known from ADT). */
    public Reference createIfAbsent(Resource resource, Identifier key) {
        return createIfAbsent(resource, List.of(key));
    }

    /** Conditional create on any of {@code keys}. */
    public Reference createIfAbsent(Resource resource, List<Identifier> keys) {
        return add(resource, Bundle.HTTPVerb.POST, resource.fhirType(),
                searchUrl(resource.fhirType(), keys).substring(resource.fhirType().length() + 1));
    }

    /** Conditional patch (e.g. marking a merged Patient replaced) on any of {@code keys}; fails when nothing matches. */
    public void patch(String resourceType, List<Identifier> keys, Resource parameters) {
        bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(parameters).getRequest()
                .setMethod(Bundle.HTTPVerb.PATCH).setUrl(searchUrl(resourceType, keys));
    }

    /** Unconditional create (Provenance: one per message, and a message is only stored once). */
    public Reference create(Resource resource) {
        return add(resource, Bundle.HTTPVerb.POST, resource.fhirType(), null);
    }

    private Reference add(Resource resource, Bundle.HTTPVerb method, String url, String ifNoneExist) {
        String fullUrl = "urn:uuid:" + UUID.randomUUID();
        Bundle.BundleEntryRequestComponent request = bundle.addEntry().setFullUrl(fullUrl).setResource(resource)
                .getRequest().setMethod(method).setUrl(url);
        if (ifNoneExist != null) {
            request.setIfNoneExist(ifNoneExist);
        }
        return new Reference(fullUrl);
    }

    public Bundle bundle() {
        return bundle;
    }

    public static String searchUrl(String resourceType, Identifier key) {
        return searchUrl(resourceType, List.of(key));
    }

    /**
     * {@code Type?identifier=s1|v1}; for several keys {@code Type?identifier=s1|v1,s2|v2&identifier=s1|v1,s2|v2}: a
     * comma is FHIR search's OR, and the repeated parameter (X AND X = X) works around HAPI 8.8: its transaction
     * pre-fetch resolves a conditional PUT/PATCH whose only parameter is one token OR-list by the list's first value
     * alone (TransactionProcessor.preFetchSearchParameterMaps, hapi-fhir#7783, fixed in 8.10 by #7784), so the other
     * keys were never searched and a second resource was created. Two OR-lists skip the pre-fetch. Drop it when
     * routes/PatientIdentityH2IT#hapiResolvesAnOrListInATransactionsConditionalUpdateByItsFirstValueOnly fails.
     */
    public static String searchUrl(String resourceType, List<Identifier> keys) {
        String anyOf = "identifier=" + String.join(",", keys.stream()
                .map(key -> tokenParameter(key.getSystem()) + "|" + tokenParameter(key.getValue())).toList());
        return resourceType + "?" + (keys.size() == 1 ? anyOf : anyOf + "&" + anyOf);
    }

    /**
     * FHIR search escaping ({@code \}, {@code |}, {@code ,}, {@code $} get a backslash), then percent-encoding of
     * everything but RFC 3986 unreserved characters, ':' and '/', so systems stay readable in the journal.
     */
    public static String tokenParameter(String raw) {
        StringBuilder escaped = new StringBuilder();
        for (char c : raw.toCharArray()) {
            if (c == '\\' || c == '|' || c == ',' || c == '$') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        StringBuilder encoded = new StringBuilder();
        for (byte b : escaped.toString().getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == ':' || c == '/') {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }
}
