package org.kaphub.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import ca.uhn.fhir.storage.interceptor.balp.BalpAuditCaptureInterceptor;
import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditContextServices;
import jakarta.annotation.Nonnull;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.kaphub.fhir.FhirServerCustomizer;
import org.kaphub.vocabulary.KapCanonicals;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.Map;

/**
 * Every FHIR read, search, create, update and delete over /fhir is recorded by HAPI's IHE BALP interceptor;
 * denials by HAPI (403) are recorded here; and AuditEvents cannot be written through the API by anyone.
 */
@Configuration
class AuditConfig {

    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    FhirServerCustomizer auditInterceptors(AuditEventStore store, AuditTrail trail) {
        return server -> {
            server.registerInterceptor(new BalpAuditCaptureInterceptor(store, new ClientContext()));
            server.registerInterceptor(new DenialAudit(trail));
            server.registerInterceptor(new ReadOnlyAuditTrail());
        };
    }

    /**
     * {@code /fhir/AuditEvent} answered from the {@link AuditLog}: HAPI's JPA provider for the type (whose table no
     * longer holds the trail) is replaced by {@link AuditEventProvider}, and the CapabilityStatement says what it offers.
     */
    @Bean
    FhirServerCustomizer auditEventApi(AuditEventProvider provider) {
        return server -> {
            server.getResourceProviders().stream().filter(jpa -> jpa.getResourceType() == AuditEvent.class).toList()
                    .forEach(server::unregisterProvider);
            server.registerProvider(provider);
            server.registerInterceptor(new AuditEventCapability());
        };
    }

    /** The client behind a request, as the resource server authenticated it (no users: backend services). */
    static final class ClientContext implements IBalpAuditContextServices {

        @Nonnull
        @Override
        public Reference getAgentClientWho(RequestDetails request) {
            return new Reference().setIdentifier(new Identifier().setSystem(KapCanonicals.CLIENT_ID_SID).setValue(clientId()));
        }

        @Nonnull
        @Override
        public Reference getAgentUserWho(RequestDetails request) {
            return getAgentClientWho(request);
        }

        @Nonnull
        @Override
        public String getNetworkAddress(RequestDetails request) {
            return request instanceof ServletRequestDetails servlet ? servlet.getServletRequest().getRemoteAddr() : "unknown";
        }

        /** Relative references: the server's base URL would be an external reference this server refuses to store. */
        @Nonnull
        @Override
        public String massageResourceIdForStorage(RequestDetails request, IBaseResource resource, IIdType id) {
            return id.toUnqualified().getValue();
        }

        @Nonnull
        @Override
        public AuditEvent.AuditEventAgentNetworkType getNetworkAddressType(RequestDetails request) {
            return AuditEvent.AuditEventAgentNetworkType._2;
        }
    }

    static String clientId() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null || !authentication.isAuthenticated() ? "unauthenticated" : authentication.getName();
    }

    @Interceptor
    static final class DenialAudit {
        private final AuditTrail trail;

        DenialAudit(AuditTrail trail) {
            this.trail = trail;
        }

        @Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
        boolean recordDenial(RequestDetails request, BaseServerResponseException exception) {
            if (exception instanceof ForbiddenOperationException || exception instanceof AuthenticationException) {
                String address = request instanceof ServletRequestDetails servlet ? servlet.getServletRequest().getRemoteAddr() : null;
                trail.accessDenied(exception.getStatusCode(), clientId(), request.getRequestType().name(),
                        "/fhir/" + request.getRequestPath(), "FHIR authorization", address);
            }
            return true;
        }
    }

    /**
     * The audit trail is append-only for the server itself; through the API nobody creates, changes or deletes an
     * AuditEvent (also enforced by the authorization rules; this holds whatever the rules say).
     */
    @Interceptor
    static final class ReadOnlyAuditTrail {

        /**
         * A write to /fhir/AuditEvent is 403 for everyone, as before the trail left HAPI's tables: the provider has no
         * write methods, so HAPI would answer 400 "unknown operation" before any authorization rule is asked.
         */
        @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLER_SELECTED)
        boolean writeRequest(RequestDetails request) {
            boolean search = request.getRequestType() == RequestTypeEnum.POST && Constants.PARAM_SEARCH.equals(request.getOperation());
            if ("AuditEvent".equals(request.getResourceName()) && !search && request.getRequestType() != RequestTypeEnum.GET
                    && request.getRequestType() != RequestTypeEnum.HEAD && request.getRequestType() != RequestTypeEnum.OPTIONS) {
                throw new ForbiddenOperationException("AuditEvent is read-only through the API");
            }
            return true;
        }

        /**
         * The trail is read through /fhir/AuditEvent only: {@code _include}/{@code _revinclude} of AuditEvents and
         * {@code _type=AuditEvent} would be answered by HAPI's own tables, which hold at most the copies of a previous
         * version's events (HapiAuditImport), not the trail.
         */
        @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
        boolean reachingIntoTheTrail(RequestDetails request) {
            if ("AuditEvent".equals(request.getResourceName())) {
                return true; // the provider itself refuses what it does not offer
            }
            for (Map.Entry<String, String[]> parameter : request.getParameters().entrySet()) {
                String name = parameter.getKey();
                boolean including = name.startsWith(Constants.PARAM_INCLUDE) || name.startsWith(Constants.PARAM_REVINCLUDE);
                boolean types = Constants.PARAM_TYPE.equals(name);
                for (String value : parameter.getValue()) {
                    for (String one : types ? value.split(",") : new String[]{value}) {
                        if ((types && "AuditEvent".equals(one.trim())) || (including && names(one, "AuditEvent"))) {
                            throw new InvalidRequestException("AuditEvents are searched at /fhir/AuditEvent, not included in "
                                    + "other searches or named in _type");
                        }
                    }
                }
            }
            return true;
        }

        /** {@code AuditEvent:entity}, {@code Patient:x:AuditEvent}: the value's first or last part names the type. */
        private static boolean names(String include, String type) {
            String[] parts = include.split(":");
            return parts[0].equals(type) || (parts.length == 3 && parts[2].equals(type));
        }

        @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
        void created(IBaseResource resource) {
            refuse(resource);
        }

        @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
        void updated(IBaseResource previous, IBaseResource resource) {
            refuse(resource);
        }

        @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
        void deleted(IBaseResource resource) {
            refuse(resource);
        }

        private static void refuse(IBaseResource resource) {
            if (resource instanceof AuditEvent) {
                throw new ForbiddenOperationException("AuditEvent is read-only through the API");
            }
        }
    }

    /**
     * HAPI describes AuditEvent from JPA's search parameter registry (every R4 parameter, includes, revincludes,
     * versioned updates, conditional deletes, the resource count of its empty table). The trail offers read and the
     * search parameters of {@link AuditEventProvider} only, and is reached from no other resource by _revinclude.
     */
    @Interceptor
    static final class AuditEventCapability {

        @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
        void describeTheTrail(IBaseConformance generated) {
            for (CapabilityStatement.CapabilityStatementRestComponent rest : ((CapabilityStatement) generated).getRest()) {
                for (CapabilityStatement.CapabilityStatementRestResourceComponent resource : rest.getResource()) {
                    resource.getSearchRevInclude().removeIf(revInclude -> revInclude.getValue().startsWith("AuditEvent:"));
                    if (!"AuditEvent".equals(resource.getType())) {
                        continue;
                    }
                    resource.getSearchParam().removeIf(param -> !AuditEventProvider.SEARCH_PARAMS.contains(param.getName()));
                    resource.getSearchInclude().clear();
                    resource.getSearchRevInclude().clear();
                    resource.setVersioning(CapabilityStatement.ResourceVersionPolicy.NOVERSION);
                    resource.setConditionalDeleteElement(null);
                    resource.getExtension().clear();
                }
            }
        }
    }
}
