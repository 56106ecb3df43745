package org.kaphub.audit;

import ca.uhn.fhir.i18n.Msg;
import ca.uhn.fhir.interceptor.api.HookParams;
import ca.uhn.fhir.interceptor.api.IInterceptorBroadcaster;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SimplePreResourceShowDetails;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IPagingProvider;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import ca.uhn.fhir.rest.server.util.CompositeInterceptorBroadcaster;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * {@code /fhir/AuditEvent} over the {@link AuditLog} (the trail is no HAPI resource table): read by id and a search by
 * the parameters the log indexes, paged by offset so that every page is a search of its own, authorized again.
 * What the log cannot answer — other parameters, modifiers, chains, includes, history — is refused with 400, never
 * ignored. Resources shown pass {@code STORAGE_PRESHOW_RESOURCES} as HAPI's own storage does: BALP records the read
 * or the search (reading the trail is audited too) and the authorization rules see each event going out.
 */
@Component
class AuditEventProvider implements IResourceProvider {

    /** The search parameters offered, as R4 defines them for AuditEvent (the CapabilityStatement lists these). */
    static final Set<String> SEARCH_PARAMS = Set.of("date", "type", "subtype", "action", "outcome", "entity", "patient", "agent");
    /** Result parameters: paging and sorting here, the others applied by HAPI's server to any response. */
    private static final Set<String> RESULT_PARAMS = Set.of("_sort", "_count", "_offset", "_format", "_pretty", "_summary", "_elements");
    /** {@code agent:identifier=system|value}, {@code entity:identifier=…}: the only modifier offered. */
    private static final String IDENTIFIER = "identifier";
    private static final int DEFAULT_PAGE = 20;
    private static final int MAX_PAGE = 200;

    private final AuditLog log;
    private final IInterceptorService storageInterceptors;

    AuditEventProvider(AuditLog log, IInterceptorService storageInterceptors) {
        this.log = log;
        this.storageInterceptors = storageInterceptors;
    }

    @Override
    public Class<AuditEvent> getResourceType() {
        return AuditEvent.class;
    }

    @Read
    public AuditEvent read(@IdParam IdType id, RequestDetails request) {
        AuditEvent event = log.read(id.getIdPart()).orElseThrow(() -> absent(id.getIdPart()));
        List<IBaseResource> shown = shown(request, List.of(event));
        if (shown.isEmpty()) {
            throw absent(id.getIdPart());
        }
        return (AuditEvent) shown.get(0);
    }

    @Search(allowUnknownParams = true) // unknown ones are refused below, with the list of those offered
    public IBundleProvider search(
            @OptionalParam(name = "date") DateRangeParam date,
            @OptionalParam(name = "type") TokenOrListParam type,
            @OptionalParam(name = "subtype") TokenOrListParam subtype,
            @OptionalParam(name = "action") TokenOrListParam action,
            @OptionalParam(name = "outcome") TokenOrListParam outcome,
            @OptionalParam(name = "entity", chainWhitelist = OptionalParam.ALLOW_CHAIN_NOTCHAINED) ReferenceOrListParam entity,
            @OptionalParam(name = "patient", chainWhitelist = OptionalParam.ALLOW_CHAIN_NOTCHAINED) ReferenceOrListParam patient,
            @OptionalParam(name = "agent", chainWhitelist = OptionalParam.ALLOW_CHAIN_NOTCHAINED) ReferenceOrListParam agent,
            @Sort SortSpec sort, @Offset Integer offset, @Count Integer count, RequestDetails request) {
        refuseWhatIsNotOffered(request.getParameters());
        AuditSearch search = AuditSearch.all();
        search = tokens(search, AuditSearch.Param.TYPE, type, AuditEventProvider::token);
        search = tokens(search, AuditSearch.Param.SUBTYPE, subtype, AuditEventProvider::token);
        search = tokens(search, AuditSearch.Param.ACTION, action, codeOf(AuditEvent.AuditEventAction.C.getSystem()));
        search = tokens(search, AuditSearch.Param.OUTCOME, outcome, codeOf(AuditEvent.AuditEventOutcome._0.getSystem()));
        search = references(search, AuditSearch.Param.ENTITY, entity);
        search = references(search, AuditSearch.Param.PATIENT, patient);
        search = references(search, AuditSearch.Param.AGENT, agent);
        search = recorded(search, date);
        if (newestFirst(sort)) {
            search = search.sortedNewestFirst();
        }

        IPagingProvider paging = request.getServer().getPagingProvider();
        int defaultPage = paging == null ? DEFAULT_PAGE : paging.getDefaultPageSize();
        int maxPage = paging == null ? MAX_PAGE : paging.getMaximumPageSize();
        if (offset != null && offset < 0 || count != null && count < 0) {
            throw new InvalidRequestException("_offset and _count must not be negative");
        }
        int from = offset == null ? 0 : offset;
        int size = count == null ? defaultPage : Math.min(count, maxPage);
        int total = log.count(search);
        if (size == 0) {
            return new SimpleBundleProvider(total); // the total only: no page, no next link
        }
        SimpleBundleProvider page = new SimpleBundleProvider(shown(request, log.search(search, from, size)));
        // offset paging: HAPI's next/previous links repeat this search with another _offset, so each page is a
        // new request that passes the authorization rules again (no stored result list a page id could reach)
        page.setCurrentPageOffset(from);
        page.setCurrentPageSize(size);
        page.setSize(total);
        return page;
    }

    private static void refuseWhatIsNotOffered(Map<String, String[]> parameters) {
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            int colon = name.indexOf(':');
            String base = colon < 0 ? name : name.substring(0, colon);
            String modifier = colon < 0 ? null : name.substring(colon + 1);
            if (!SEARCH_PARAMS.contains(base) && !RESULT_PARAMS.contains(base) || name.contains(".")) {
                throw new InvalidRequestException("AuditEvent search does not support the parameter " + name
                        + "; supported: " + String.join(", ", new TreeSet<>(SEARCH_PARAMS)) + ", _sort=date|-date, _count, _offset"
                        + " (no _include, _revinclude, chains or other parameters)");
            }
            if (modifier != null && !(IDENTIFIER.equals(modifier) && ("agent".equals(base) || "entity".equals(base)))) {
                throw new InvalidRequestException("AuditEvent search does not support the modifier " + name
                        + " (only agent:identifier and entity:identifier)");
            }
            if (parameter.getValue().length > ("date".equals(base) ? 2 : 1)) {
                throw new InvalidRequestException("AuditEvent search takes " + name + " once (alternatives separated by commas)");
            }
        }
    }

    private static AuditSearch tokens(AuditSearch search, AuditSearch.Param param, TokenOrListParam tokens,
                                      Function<TokenParam, String> value) {
        if (tokens == null || tokens.getValuesAsQueryTokens().isEmpty()) {
            return search;
        }
        List<String> values = new ArrayList<>();
        for (TokenParam token : tokens.getValuesAsQueryTokens()) {
            if (token.getValue() == null || token.getValue().isBlank()) {
                throw new InvalidRequestException("AuditEvent search: " + param.name().toLowerCase() + " needs a code (code or system|code)");
            }
            values.add(value.apply(token));
        }
        return search.with(param, values.toArray(String[]::new));
    }

    /** A token as the index holds it: {@code code}, or {@code system|code}. */
    private static String token(TokenParam token) {
        return token.getSystem() == null || token.getSystem().isEmpty() ? token.getValue() : token.getSystem() + "|" + token.getValue();
    }

    /** Action and outcome are plain codes, indexed without their system: the FHIR system means the code itself. */
    private static Function<TokenParam, String> codeOf(String system) {
        return token -> system.equals(token.getSystem()) ? token.getValue() : token(token);
    }

    private static AuditSearch references(AuditSearch search, AuditSearch.Param param, ReferenceOrListParam references) {
        if (references == null || references.getValuesAsQueryTokens().isEmpty()) {
            return search;
        }
        String name = param.name().toLowerCase();
        List<String> values = new ArrayList<>();
        for (ReferenceParam reference : references.getValuesAsQueryTokens()) {
            String value = reference.getValue();
            if (reference.hasChain() || value == null || value.isBlank()) {
                throw new InvalidRequestException("AuditEvent search: " + name + " needs a reference Type/id");
            }
            if (IDENTIFIER.equals(reference.getResourceType())) { // name:identifier=system|value, parsed as a type
                values.add(value);
                continue;
            }
            IdType id = new IdType(value);
            if (id.hasBaseUrl() || !id.hasIdPart()) {
                throw new InvalidRequestException("AuditEvent search: " + name + " takes a relative reference Type/id");
            }
            if (param == AuditSearch.Param.PATIENT) {
                values.add("Patient/" + id.getIdPart());
            } else if (id.hasResourceType()) {
                values.add(id.getValue());
            } else {
                throw new InvalidRequestException("AuditEvent search: " + name + " takes a reference with its type, Type/id");
            }
        }
        return search.with(param, values.toArray(String[]::new));
    }

    /** HAPI's own bounds of a date range (inclusive, by the precision given), as [from, before). */
    private static AuditSearch recorded(AuditSearch search, DateRangeParam date) {
        if (date == null || date.isEmpty()) {
            return search;
        }
        for (DateParam bound : new DateParam[]{date.getLowerBound(), date.getUpperBound()}) {
            if (bound != null && bound.getPrefix() != null && !Set.of(ParamPrefixEnum.EQUAL, ParamPrefixEnum.GREATERTHAN,
                    ParamPrefixEnum.GREATERTHAN_OR_EQUALS, ParamPrefixEnum.LESSTHAN, ParamPrefixEnum.LESSTHAN_OR_EQUALS)
                    .contains(bound.getPrefix())) {
                throw new InvalidRequestException("AuditEvent search: date supports eq, gt, ge, lt and le only");
            }
        }
        Date from;
        Date last;
        try {
            from = date.getLowerBoundAsInstant();
            last = date.getUpperBoundAsInstant();
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new InvalidRequestException("AuditEvent search: the date range is not valid");
        }
        return search.recorded(from == null ? null : from.toInstant(),
                last == null ? null : last.toInstant().plusMillis(1));
    }

    private static boolean newestFirst(SortSpec sort) {
        if (sort == null) {
            return false;
        }
        if (!"date".equals(sort.getParamName()) || sort.getChain() != null) {
            throw new InvalidRequestException("AuditEvent search sorts by date only: _sort=date (oldest first) or _sort=-date");
        }
        return sort.getOrder() == SortOrderEnum.DESC;
    }

    /**
     * What HAPI's storage does before it shows resources: interceptors may record the access (BALP) or withhold a
     * resource (set to null), here as for any resource read from the database.
     */
    private List<IBaseResource> shown(RequestDetails request, List<? extends IBaseResource> resources) {
        IInterceptorBroadcaster broadcaster = CompositeInterceptorBroadcaster.newCompositeBroadcaster(storageInterceptors, request);
        if (resources.isEmpty() || !broadcaster.hasHooks(Pointcut.STORAGE_PRESHOW_RESOURCES)) {
            return List.copyOf(resources);
        }
        SimplePreResourceShowDetails details = new SimplePreResourceShowDetails(resources);
        broadcaster.callHooks(Pointcut.STORAGE_PRESHOW_RESOURCES, new HookParams()
                .add(IPreResourceShowDetails.class, details)
                .add(RequestDetails.class, request)
                .addIfMatchesType(ServletRequestDetails.class, request));
        return details.getAllResources().stream().filter(Objects::nonNull).toList();
    }

    /** HAPI's answer for an id it does not hold (IdHelperService), whatever the id looks like. */
    private static ResourceNotFoundException absent(String id) {
        return new ResourceNotFoundException(Msg.code(2001) + "Resource AuditEvent/" + id + " is not known");
    }
}
