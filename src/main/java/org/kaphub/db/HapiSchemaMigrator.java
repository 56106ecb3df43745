package org.kaphub.db;

import ca.uhn.fhir.jpa.migrate.DriverTypeEnum;
import ca.uhn.fhir.jpa.migrate.HapiMigrator;
import ca.uhn.fhir.jpa.migrate.MigrationResult;
import ca.uhn.fhir.jpa.migrate.MigrationTaskList;
import ca.uhn.fhir.jpa.migrate.tasks.HapiFhirJpaMigrationTasks;
import ca.uhn.fhir.util.VersionEnum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;

/**
 * Creates or upgrades HAPI FHIR's schema with HAPI's own migrator, the same way on H2 and MariaDB.
 *
 * <p>HAPI records each applied task in {@value #MIGRATION_TABLE} (the table its CLI and starter use too), so a
 * start on a current schema runs nothing. An empty database gets HAPI's whole schema script in one task.
 * On MariaDB that script is adjusted for utf8mb4 by {@link Utf8mb4KeyFix}, and it runs with ANSI_QUOTES because
 * HAPI's migrator quotes identifiers with double quotes there; its id generator tables then become native sequences
 * ({@link MariaDbSequences}).
 */
public final class HapiSchemaMigrator {

    static final String MIGRATION_TABLE = "FLY_HFJ_MIGRATION";

    private static final Logger log = LoggerFactory.getLogger(HapiSchemaMigrator.class);

    private final DataSource dataSource;
    private final DriverTypeEnum driverType;

    /** @param driverType {@code H2_EMBEDDED} or {@code MARIADB_10_1}, the two databases KAP Hub supports */
    public HapiSchemaMigrator(DataSource dataSource, DriverTypeEnum driverType) {
        if (driverType != DriverTypeEnum.H2_EMBEDDED && driverType != DriverTypeEnum.MARIADB_10_1) {
            throw new IllegalArgumentException("Unsupported database for HAPI's schema: " + driverType);
        }
        this.dataSource = dataSource;
        this.driverType = driverType;
    }

    /** Runs the tasks not yet applied; throws if one fails, leaving the applied ones recorded. */
    public MigrationResult migrate() {
        // No flags: no partition mode, hashes migrated as HAPI does by default.
        MigrationTaskList tasks = new HapiFhirJpaMigrationTasks(Set.of()).getAllTasks(VersionEnum.values());
        boolean mariaDb = driverType == DriverTypeEnum.MARIADB_10_1;
        // One connection for the whole run: HAPI's migrator otherwise takes a second one while its transaction
        // holds the first (a pool of one hangs), and on MariaDB ANSI_QUOTES is set on this session only, so the
        // rest of the application keeps the server's sql_mode.
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            String sqlMode = mariaDb ? querySqlMode(connection) : null;
            connection.setAutoCommit(true); // HAPI's non-transactional statements must not wait for a commit
            if (mariaDb) {
                execute(connection, "SET SESSION sql_mode = CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), 'ANSI_QUOTES')");
            }
            MigrationResult result;
            try {
                // HAPI destroys a DataSource that is a DisposableBean after each run, which would close this
                // connection under us; the delegating wrapper is not one.
                DataSource session = new DelegatingDataSource(new SingleConnectionDataSource(connection, true));
                result = run(session, mariaDb ? Utf8mb4KeyFix.apply(tasks) : tasks);
                if (mariaDb) {
                    List<String> converted = MariaDbSequences.convert(connection);
                    if (!converted.isEmpty()) {
                        log.info("HAPI id generators made native MariaDB sequences: {}", converted.size());
                    }
                }
            } catch (RuntimeException e) {
                try {
                    restoreSession(connection, sqlMode, autoCommit);
                } catch (SQLException restoreFailure) {
                    e.addSuppressed(restoreFailure);
                }
                throw e;
            }
            restoreSession(connection, sqlMode, autoCommit);
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not set up or restore the connection for HAPI's schema migration", e);
        }
    }

    private MigrationResult run(DataSource target, MigrationTaskList tasks) {
        long start = System.nanoTime();
        HapiMigrator migrator = new HapiMigrator(MIGRATION_TABLE, target, driverType);
        migrator.createMigrationTableIfRequired();
        migrator.addTasks(tasks);
        MigrationResult result = migrator.migrate();
        // On an empty database only the schema script and a few tasks run; HAPI records the rest as done.
        log.info("HAPI schema ({}) at {}: {} migration tasks run now ({} known), {} ms", driverType,
                tasks.getLastVersion(), result.succeededTasks.size(), tasks.size(), (System.nanoTime() - start) / 1_000_000);
        return result;
    }

    /** @param sqlMode the session's sql_mode before the run, or null where it was left alone (H2) */
    private static void restoreSession(Connection connection, String sqlMode, boolean autoCommit) throws SQLException {
        if (sqlMode != null) {
            try (PreparedStatement restore = connection.prepareStatement("SET SESSION sql_mode = ?")) {
                restore.setString(1, sqlMode);
                restore.execute();
            }
        }
        connection.setAutoCommit(autoCommit);
    }

    private static String querySqlMode(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT @@SESSION.sql_mode")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }
}
