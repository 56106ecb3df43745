package org.kaphub.fhir;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.provider.JpaSystemProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import ca.uhn.fhir.narrative2.NullNarrativeGenerator;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.openapi.OpenApiInterceptor;
import ca.uhn.fhir.rest.server.ETagSupportEnum;
import ca.uhn.fhir.rest.server.IncomingRequestAddressStrategy;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import jakarta.persistence.EntityManagerFactory;
import org.kaphub.db.HapiSchema;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

import javax.sql.DataSource;
import java.util.Optional;
import java.util.Set;

/**
 * HAPI FHIR JPA (R4) wired the way HAPI ships it: its own configuration classes imported, and only the
 * beans HAPI leaves to the application defined here — persistence unit, transaction manager, storage
 * settings and the servlet at /fhir.
 */
@Configuration
@Import({JpaR4Config.class, HapiJpaConfig.class, ThreadPoolFactoryConfig.class, SubscriptionChannelConfig.class,
        JpaBatch2Config.class, Batch2JobsConfig.class})
class FhirServerConfig {

    @Bean
    JpaStorageSettings storageSettings(FhirProperties properties) {
        JpaStorageSettings settings = new JpaStorageSettings();
        // Partners reference only what this server holds; a dangling or external reference is a client error.
        settings.setAllowExternalReferences(false);
        settings.setAutoCreatePlaceholderReferenceTargets(false);
        settings.setEnforceReferentialIntegrityOnDelete(true);
        settings.setEnforceReferentialIntegrityOnWrite(true);
        // The audit trail names what was accessed; having been read must not stop a resource from being deleted.
        settings.setEnforceReferentialIntegrityOnDeleteDisableForPaths(Set.of("AuditEvent.entity.what", "AuditEvent.agent.who"));
        // Deleting many resources by one search or expunging history would destroy clinical records.
        settings.setAllowMultipleDelete(false);
        settings.setExpungeEnabled(false);
        settings.setIndexMissingFields(JpaStorageSettings.IndexEnabledEnum.DISABLED);
        settings.setAdvancedHSearchIndexing(false);
        // Codes are validated in memory against the ValueSets we hold; HAPI's scheduled pre-expansion into
        // terminology tables cannot expand sets drawn from LOINC/SNOMED (no terminology server) and only adds noise.
        settings.setPreExpandValueSets(false);
        return settings;
    }

    @Bean
    PartitionSettings partitionSettings() {
        return new PartitionSettings();
    }

    @Bean
    SubscriptionSettings subscriptionSettings() {
        return new SubscriptionSettings();
    }

    /** HAPI's persistence unit over the application's one DataSource; the schema is HAPI's migrator's, never Hibernate's. */
    @Primary
    @Bean
    LocalContainerEntityManagerFactoryBean entityManagerFactory(DataSource dataSource, HapiSchema schema,
            ConfigurableListableBeanFactory beanFactory, FhirContext fhirContext, JpaStorageSettings storageSettings) {
        LocalContainerEntityManagerFactoryBean factory =
                HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
        factory.setPersistenceUnitName("HAPI_PU");
        factory.setDataSource(dataSource);
        factory.setJpaProperties(schema.hibernateProperties());
        return factory;
    }

    /** Primary, so a FHIR write and our own journal rows on the same DataSource commit together. */
    @Primary
    @Bean
    JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
        return new JpaTransactionManager(entityManagerFactory);
    }

    @Bean
    RestfulServer fhirRestfulServer(IFhirSystemDao<?, ?> systemDao, ResourceProviderFactory resourceProviders,
            JpaSystemProvider<?, ?> systemProvider, JpaStorageSettings storageSettings,
            ISearchParamRegistry searchParamRegistry, IValidationSupport validationSupport,
            DatabaseBackedPagingProvider paging, FhirProperties properties, Optional<BuildProperties> build,
            StaleIfMatchInterceptor staleIfMatch, UnsupportedMediaTypeInterceptor mediaTypes,
            ObjectProvider<FhirServerCustomizer> customizers) {
        FhirContext context = systemDao.getContext();
        context.setNarrativeGenerator(new NullNarrativeGenerator());
        // An element the parser does not know would otherwise be dropped without a word: data lost. Refuse it (400).
        context.setParserErrorHandler(new StrictErrorHandler());
        RestfulServer server = new RestfulServer(context);
        server.registerProviders(resourceProviders.createProviders());
        server.registerProvider(systemProvider);

        String version = build.map(BuildProperties::getVersion).orElse("dev");
        server.setServerName("KAP Hub");
        server.setServerVersion(version);
        server.setImplementationDescription("KAP Hub — FHIR R4 server for ketamine-assisted psychotherapy");
        JpaCapabilityStatementProvider capabilities = new JpaCapabilityStatementProvider(
                server, systemDao, storageSettings, searchParamRegistry, validationSupport);
        capabilities.setImplementationDescription("KAP Hub " + version);
        capabilities.setPublisher("KAP Hub");
        server.setServerConformanceProvider(capabilities);

        paging.setDefaultPageSize(properties.defaultPageSize());
        paging.setMaximumPageSize(properties.maxPageSize());
        server.setPagingProvider(paging);
        server.setETagSupport(ETagSupportEnum.ENABLED);
        server.setDefaultResponseEncoding(EncodingEnum.JSON);
        server.setServerAddressStrategy(new IncomingRequestAddressStrategy());
        server.registerInterceptor(staleIfMatch);
        server.registerInterceptor(mediaTypes);
        server.registerInterceptor(new OpenApiInterceptor());
        customizers.orderedStream().forEach(customizer -> customizer.customize(server));
        return server;
    }

    @Bean
    ServletRegistrationBean<RestfulServer> fhirServlet(RestfulServer fhirRestfulServer) {
        ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(fhirRestfulServer, "/fhir/*");
        registration.setName("fhir");
        registration.setLoadOnStartup(1);
        return registration;
    }
}
