package org.kaphub.db;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/** Picks the database from its URL and brings HAPI's schema up to date before anything uses it. */
@Configuration
class DatabaseConfig {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfig.class);

    @Bean
    HapiSchema hapiSchema(DataSource dataSource, DataSourceProperties dataSourceProperties) {
        DatabaseKind kind = DatabaseKind.fromJdbcUrl(dataSourceProperties.determineUrl());
        log.info("Database: {}", kind);
        new HapiSchemaMigrator(dataSource, kind.migratorDriver()).migrate();
        return new HapiSchema(kind);
    }
}
