package org.kaphub.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.dao.data.IResourceSearchUrlDao;
import ca.uhn.fhir.jpa.util.PersistenceContextProvider;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.search.ResourceSearchUrlSvc;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import org.springframework.context.annotation.Primary;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import org.kaphub.audit.AuditTrail;
import org.kaphub.fhir.FhirServerCustomizer;
import org.kaphub.ownership.OrganisationWrites;
import org.kaphub.profiles.KapGuide;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import java.util.Set;

/**
 * The FHIR server's side of security: SMART discovery, scope rules, patient-context narrowing, what each client may
 * see (organisations, 42 CFR Part 2) on every path, paging included; the gate in front of the rules (PATCH,
 * operations, search terms that reach into other records) and the write rules behind them (shared definitions,
 * delete conflicts; whose patients a client writes is ownership/'s rule, for the {@link org.kaphub.ownership.Writer}
 * attached to each request).
 */
@Configuration
class FhirSecurityConfig {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    FhirServerCustomizer securityInterceptors(ClientRegistry registry, DaoRegistry daos, FhirContext fhirContext,
                                              AuditTrail audit, SmartConfiguration smartConfiguration,
                                              Part2Labels labels, SearchOwners owners, KapGuide guide,
                                              OrganisationWrites writes) {
        return server -> {
            SmartAuthorizationInterceptor authorization = new SmartAuthorizationInterceptor(registry, fhirContext);
            server.registerInterceptor(smartConfiguration);
            server.registerInterceptor(new PatchRefusal());
            server.registerInterceptor(new PatientBodies());
            server.registerInterceptor(new OperationGate(registry, daos, authorization, writes, labels, fhirContext));
            server.registerInterceptor(new SearchTerms(registry, Set.copyOf(OrganisationTags.SYSTEMS)));
            server.registerInterceptor(new PatientContextNarrowing(registry));
            server.registerInterceptor(authorization);
            server.registerInterceptor(new VisibilityInterceptor(registry, labels, daos, fhirContext, audit, owners));
            server.setPagingProvider(new ClientBoundPaging(server.getPagingProvider(), owners));
            server.registerInterceptor(new SharedDefinitions(registry, fhirContext, guide));
            server.registerInterceptor(new DeleteConflicts(registry));
        };
    }

    /** Every write, REST and HL7 v2 alike, is stamped: registered with HAPI's storage interceptors, not the servlet. */
    @Bean
    OrganisationStamp organisationStamp(DaoRegistry daos, FhirContext fhirContext, Part2Labels labels,
                                        IInterceptorService interceptors) {
        OrganisationStamp stamp = new OrganisationStamp(daos, fhirContext, labels);
        interceptors.registerInterceptor(stamp);
        return stamp;
    }

    /** HAPI's conditional-create duplicate guard, keyed by the writer's narrowed match URL (see the class). */
    @Bean
    @Primary
    ResourceSearchUrlSvc narrowedSearchUrls(PersistenceContextProvider persistence, IResourceSearchUrlDao dao,
                                            MatchUrlService matchUrls, FhirContext fhirContext, PartitionSettings partitions,
                                            IInterceptorService interceptors) {
        NarrowedSearchUrls urls = new NarrowedSearchUrls(persistence.getEntityManager(), dao, matchUrls, fhirContext, partitions);
        interceptors.registerInterceptor(urls);
        return urls;
    }
}
