package org.kaphub.audit;

import ca.uhn.fhir.util.UrlUtil;
import org.hl7.fhir.r4.model.AuditEvent;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * BALP records a search's full URL, and search values are often PHI ({@code family=…}, {@code identifier=…}).
 * Only parameter names are kept, with the values of parameters that carry ids or paging, never data. Paging ids
 * ({@code _getpages}, {@code _pageId}) are redacted too: whoever reads the audit trail could fetch those results
 * with them.
 */
final class AuditQueries {

    private static final Set<String> KEPT_VALUES = Set.of("_id", "_count", "_sort", "_include", "_revinclude",
            "_elements", "_summary", "_total", "_format", "patient", "subject", "_getpagesoffset", "_offset", "_bundletype");

    private AuditQueries() {
    }

    static void redact(AuditEvent event) {
        for (AuditEvent.AuditEventEntityComponent entity : event.getEntity()) {
            if (entity.hasQuery()) {
                entity.setQuery(redact(new String(entity.getQuery(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
            }
            if (entity.hasDescription()) {
                entity.setDescription(redact(entity.getDescription()));
            }
        }
    }

    static String redact(String url) {
        int question = url.indexOf('?');
        if (question < 0) {
            return url;
        }
        StringBuilder kept = new StringBuilder(url.substring(0, question));
        char separator = '?';
        for (String pair : url.substring(question + 1).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            // exact names only: a modifier or chain (subject:Patient.name=…) carries data
            kept.append(separator).append(name).append('=');
            kept.append(KEPT_VALUES.contains(UrlUtil.unescape(name)) && equals >= 0 ? pair.substring(equals + 1) : "***");
            separator = '&';
        }
        return kept.toString();
    }
}
