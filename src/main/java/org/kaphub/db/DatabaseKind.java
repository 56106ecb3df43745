package org.kaphub.db;

import ca.uhn.fhir.jpa.migrate.DriverTypeEnum;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirH2Dialect;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirMariaDBDialect;

/** The two databases KAP Hub runs on, told apart by the JDBC URL, so one setting (spring.datasource.url) selects both. */
public enum DatabaseKind {
    H2(DriverTypeEnum.H2_EMBEDDED, HapiFhirH2Dialect.class),
    // HAPI's migrator creates SEQ_* as tables on MariaDB; HapiSchemaMigrator turns them into the native sequences
    // the MariaDB dialect uses (read on the writer's own connection, not a second one: MariaDbSequences).
    MARIADB(DriverTypeEnum.MARIADB_10_1, HapiFhirMariaDBDialect.class);

    private final DriverTypeEnum migratorDriver;
    private final Class<?> dialect;

    DatabaseKind(DriverTypeEnum migratorDriver, Class<?> dialect) {
        this.migratorDriver = migratorDriver;
        this.dialect = dialect;
    }

    public static DatabaseKind fromJdbcUrl(String url) {
        if (url.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
            return MARIADB;
        }
        throw new IllegalStateException("Unsupported database URL scheme (SPRING_DATASOURCE_URL): use jdbc:mariadb://… "
                + "or jdbc:h2:…");
    }

    public DriverTypeEnum migratorDriver() {
        return migratorDriver;
    }

    public String dialect() {
        return dialect.getName();
    }
}
