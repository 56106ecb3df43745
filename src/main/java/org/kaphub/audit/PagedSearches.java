package org.kaphub.audit;

import ca.uhn.fhir.interceptor.model.RequestPartitionId;
import ca.uhn.fhir.jpa.entity.Search;
import ca.uhn.fhir.jpa.search.cache.ISearchCacheSvc;
import ca.uhn.fhir.util.UrlUtil;
import org.hl7.fhir.r4.model.AuditEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A page request ({@code [base]?_getpages=<search id>&_getpagesoffset=20…}) names the search it continues only by its
 * id, which anyone holding it could use to fetch the results again — it must not stay in the audit trail. Before the
 * id is redacted, the query recorded by BALP is replaced by what was searched: the search's resource type and
 * parameters from HAPI's search cache (redacted afterwards like any query), followed by the page's own parameters.
 */
@Component
class PagedSearches {

    static final String GET_PAGES = "_getpages";
    private static final Logger log = LoggerFactory.getLogger(PagedSearches.class);

    private final ISearchCacheSvc searches;

    PagedSearches(ISearchCacheSvc searches) {
        this.searches = searches;
    }

    void describe(AuditEvent event) {
        for (AuditEvent.AuditEventEntityComponent entity : event.getEntity()) {
            if (entity.hasQuery()) {
                String query = new String(entity.getQuery(), StandardCharsets.UTF_8);
                searched(query).ifPresent(searched -> entity.setQuery(searched.getBytes(StandardCharsets.UTF_8)));
            }
            if (entity.hasDescription()) {
                String description = entity.getDescription();
                int url = description.indexOf(' ') + 1; // "GET http://…"
                searched(description.substring(url)).ifPresent(searched -> entity.setDescription(description.substring(0, url) + searched));
            }
        }
    }

    /** The page URL rewritten as the search it continues, or empty when it is no page request (or the search is gone). */
    Optional<String> searched(String pageUrl) {
        int question = pageUrl.indexOf('?');
        if (question < 0 || !pageUrl.contains(GET_PAGES + "=")) {
            return Optional.empty();
        }
        String id = null;
        StringBuilder pageParameters = new StringBuilder();
        for (String pair : pageUrl.substring(question + 1).split("&")) {
            int equals = pair.indexOf('=');
            String name = UrlUtil.unescape(equals < 0 ? pair : pair.substring(0, equals));
            if (GET_PAGES.equals(name)) {
                id = equals < 0 ? null : UrlUtil.unescape(pair.substring(equals + 1));
            } else if (!pair.isEmpty()) {
                pageParameters.append('&').append(pair);
            }
        }
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        Optional<Search> search;
        try {
            search = searches.fetchByUuid(id, RequestPartitionId.allPartitions());
        } catch (RuntimeException e) {
            log.warn("The search of a page request could not be looked up for its audit: {}", e.getClass().getSimpleName());
            return Optional.empty();
        }
        return search.map(found -> {
            String base = pageUrl.substring(0, question);
            if (base.endsWith("/")) {
                base = base.substring(0, base.length() - 1);
            }
            String type = found.getResourceType() == null ? "" : "/" + found.getResourceType();
            // stored as "?a=1&b=2", possibly after a partition key; a query too long to store is a random value
            String stored = found.getSearchQueryString() == null ? "" : found.getSearchQueryString();
            String parameters = stored.contains("?") ? stored.substring(stored.indexOf('?') + 1) : "";
            String all = (parameters + pageParameters).replaceFirst("^&", "");
            return base + type + (all.isEmpty() ? "" : "?" + all);
        });
    }
}
