package org.kaphub.db;

import ca.uhn.fhir.jpa.migrate.DriverTypeEnum;
import ca.uhn.fhir.jpa.migrate.MigrationResult;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HAPI's own migrator builds HAPI's schema on MariaDB (utf8mb4) and on H2, and is a no-op the second time. */
class HapiSchemaMigratorMariaDbTest {

    private static final String TEXT = "Zoë 😀 李"; // 2-, 4- and 3-byte UTF-8 characters
    private static final List<String> TABLES = List.of("HFJ_RESOURCE", "HFJ_RES_VER", "HFJ_SPIDX_STRING",
            "HFJ_SPIDX_TOKEN", "HFJ_RES_LINK", "HFJ_RES_SEARCH_URL", "HFJ_IDX_CMP_STRING_UNIQ", "TRM_CONCEPT",
            "BT2_JOB_INSTANCE", "SEQ_RESOURCE_ID", HapiSchemaMigrator.MIGRATION_TABLE);

    @Test
    void migratesMariaDbWithUtf8mb4() {
        EmbeddedMariaDb mariaDb = EmbeddedMariaDb.instance();
        String database = "hapi_migrator_" + UUID.randomUUID().toString().replace("-", "");
        try (HikariDataSource ds = dataSource(mariaDb.createDatabase(database), mariaDb.user(), mariaDb.password())) {
            HapiSchemaMigrator migrator = new HapiSchemaMigrator(ds, DriverTypeEnum.MARIADB_10_1);
            migrateTwice(migrator, "MariaDB");

            JdbcTemplate jdbc = new JdbcTemplate(ds);
            List<String> tables = jdbc.queryForList(
                    "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?", String.class, database);
            assertThat(tables).containsAll(TABLES);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? "
                    + "AND TABLE_COLLATION NOT LIKE 'utf8mb4%'", Integer.class, database)).isZero();

            // The three keys over InnoDB's 3072-byte cap exist, with their long column prefixed.
            assertThat(prefixLength(jdbc, database, "HFJ_RES_SEARCH_URL", "PRIMARY", "RES_SEARCH_URL")).isEqualTo(767);
            assertThat(prefixLength(jdbc, database, "HFJ_RES_VER", "IDX_RESVER_ID_SRC_URI", "SOURCE_URI")).isEqualTo(765);
            assertThat(prefixLength(jdbc, database, "HFJ_SPIDX_STRING", "IDX_SP_STRING_HASH_NRM_V2", "SP_VALUE_NORMALIZED"))
                    .isEqualTo(763);
            assertThat(columnsOf(jdbc, database, "HFJ_SPIDX_STRING", "IDX_SP_STRING_HASH_NRM_V2"))
                    .containsExactly("HASH_NORM_PREFIX", "SP_VALUE_NORMALIZED", "RES_ID", "PARTITION_ID");
            assertThat(jdbc.queryForObject("SELECT CHARACTER_SET_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? "
                    + "AND TABLE_NAME = 'HFJ_SPIDX_STRING' AND COLUMN_NAME = 'SP_VALUE_NORMALIZED'", String.class, database))
                    .isEqualTo("utf8mb4");

            assertRoundTrips(jdbc);

            // HAPI's id generators are native sequences, read on the writer's own connection (MariaDbSequences).
            assertThat(jdbc.queryForList("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? "
                    + "AND TABLE_NAME LIKE 'SEQ\\_%' AND TABLE_TYPE <> 'SEQUENCE'", String.class, database)).isEmpty();
            assertThat(jdbc.queryForObject("SELECT NEXTVAL(SEQ_RESOURCE_ID)", Long.class)).isPositive();

            // A full-width value of 4-byte characters (3072 bytes) fits the prefixed primary key, which still rejects duplicates.
            String longUrl = "😀".repeat(768);
            insertSearchUrl(jdbc, longUrl, 2L);
            assertThat(jdbc.queryForObject("SELECT RES_SEARCH_URL FROM HFJ_RES_SEARCH_URL WHERE RES_ID = 2", String.class))
                    .isEqualTo(longUrl);
            assertThatThrownBy(() -> insertSearchUrl(jdbc, longUrl, 3L)).isInstanceOf(DuplicateKeyException.class);

            // The migration left the pooled connections in the server's own sql_mode.
            assertThat(jdbc.queryForObject("SELECT @@SESSION.sql_mode", String.class)).doesNotContain("ANSI_QUOTES");
            assertThat(jdbc.queryForObject("SELECT @@character_set_connection", String.class)).isEqualTo("utf8mb4");
        }
    }

    @Test
    void idGeneratorTablesBecomeSequencesThatGoOnWhereTheTablesStopped() throws Exception {
        EmbeddedMariaDb mariaDb = EmbeddedMariaDb.instance();
        String database = "hapi_sequences_" + UUID.randomUUID().toString().replace("-", "");
        try (HikariDataSource ds = dataSource(mariaDb.createDatabase(database), mariaDb.user(), mariaDb.password());
             Connection connection = ds.getConnection()) {
            JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true)); // a pool of one
            // As HAPI's migrator leaves them on MariaDB (mysql.sql): one row holding the next block's upper bound.
            jdbc.execute("CREATE TABLE SEQ_RESOURCE_ID (next_val BIGINT) ENGINE=InnoDB");
            jdbc.update("INSERT INTO SEQ_RESOURCE_ID VALUES (5050)");
            jdbc.execute("CREATE TABLE SEQ_RESOURCE_TYPE (next_val BIGINT) ENGINE=InnoDB");
            jdbc.update("INSERT INTO SEQ_RESOURCE_TYPE VALUES (7)");

            assertThat(MariaDbSequences.convert(connection)).containsExactlyInAnyOrder("SEQ_RESOURCE_ID", "SEQ_RESOURCE_TYPE");

            assertThat(jdbc.queryForList("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? "
                    + "AND TABLE_TYPE = 'SEQUENCE'", String.class, database))
                    .containsExactlyInAnyOrder("SEQ_RESOURCE_ID", "SEQ_RESOURCE_TYPE");
            // The value the table would have handed out next, then steps of HAPI's increments (mariadb.sql: 50 and 1).
            assertThat(jdbc.queryForObject("SELECT NEXTVAL(SEQ_RESOURCE_ID)", Long.class)).isEqualTo(5050L);
            assertThat(jdbc.queryForObject("SELECT NEXTVAL(SEQ_RESOURCE_ID)", Long.class)).isEqualTo(5100L);
            assertThat(jdbc.queryForObject("SELECT NEXTVAL(SEQ_RESOURCE_TYPE)", Long.class)).isEqualTo(7L);
            assertThat(jdbc.queryForObject("SELECT NEXTVAL(SEQ_RESOURCE_TYPE)", Long.class)).isEqualTo(8L);
            assertThat(MariaDbSequences.convert(connection)).isEmpty();

            // A generator table HAPI's MariaDB script does not declare: refused, left as it was.
            jdbc.execute("CREATE TABLE SEQ_NOT_HAPIS (next_val BIGINT) ENGINE=InnoDB");
            jdbc.update("INSERT INTO SEQ_NOT_HAPIS VALUES (1)");
            assertThatThrownBy(() -> MariaDbSequences.convert(connection))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("SEQ_NOT_HAPIS");
            assertThat(jdbc.queryForObject("SELECT next_val FROM SEQ_NOT_HAPIS", Long.class)).isEqualTo(1L);
        }
    }

    @Test
    void migratesH2FileDatabase(@TempDir Path dir) {
        try (HikariDataSource ds = dataSource("jdbc:h2:file:" + dir.resolve("kaphub"), "sa", "")) {
            migrateTwice(new HapiSchemaMigrator(ds, DriverTypeEnum.H2_EMBEDDED), "H2");

            JdbcTemplate jdbc = new JdbcTemplate(ds);
            List<String> tables = jdbc.queryForList(
                    "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'", String.class);
            // H2 has native sequences: no SEQ_* tables
            assertThat(tables).containsAll(TABLES.stream().filter(t -> !t.startsWith("SEQ_")).toList());
            assertRoundTrips(jdbc);
        }
    }

    private static void migrateTwice(HapiSchemaMigrator migrator, String label) {
        long start = System.nanoTime();
        MigrationResult first = migrator.migrate();
        long firstMs = (System.nanoTime() - start) / 1_000_000;
        start = System.nanoTime();
        MigrationResult second = migrator.migrate();
        long secondMs = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("[timing] %s migration: first run %d ms (%d tasks), second run %d ms (%d tasks)%n",
                label, firstMs, first.succeededTasks.size(), secondMs, second.succeededTasks.size());

        assertThat(first.failedTasks).isEmpty();
        assertThat(first.succeededTasks).isNotEmpty();
        assertThat(second.failedTasks).isEmpty();
        assertThat(second.succeededTasks).isEmpty();
        assertThat(second.changes).isZero();
    }

    /** Writes the text into a HAPI string index row and a search URL, and reads both back unchanged. */
    private static void assertRoundTrips(JdbcTemplate jdbc) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("INSERT INTO HFJ_RESOURCE (RES_ID, RES_TYPE, FHIR_ID, RES_VER, RES_PUBLISHED, RES_UPDATED, HAS_TAGS, "
                + "SP_HAS_LINKS, SP_COORDS_PRESENT, SP_DATE_PRESENT, SP_NUMBER_PRESENT, SP_QUANTITY_NRML_PRESENT, "
                + "SP_QUANTITY_PRESENT, SP_STRING_PRESENT, SP_TOKEN_PRESENT, SP_URI_PRESENT) "
                + "VALUES (1, 'Patient', 'p1', 1, ?, ?, false, false, false, false, false, false, false, true, false, false)",
                now, now);
        jdbc.update("INSERT INTO HFJ_SPIDX_STRING (SP_ID, RES_ID, RES_TYPE, SP_NAME, SP_MISSING, SP_UPDATED, "
                + "HASH_NORM_PREFIX, SP_VALUE_EXACT, SP_VALUE_NORMALIZED) VALUES (1, 1, 'Patient', 'name', false, ?, 42, ?, ?)",
                now, TEXT, TEXT.toUpperCase());
        Map<String, Object> row = jdbc.queryForMap(
                "SELECT SP_VALUE_EXACT, SP_VALUE_NORMALIZED FROM HFJ_SPIDX_STRING WHERE HASH_NORM_PREFIX = 42 AND SP_VALUE_NORMALIZED = ?",
                TEXT.toUpperCase());
        assertThat(row.get("SP_VALUE_EXACT")).isEqualTo(TEXT);
        assertThat(row.get("SP_VALUE_NORMALIZED")).isEqualTo(TEXT.toUpperCase());

        insertSearchUrl(jdbc, "Patient?name=" + TEXT, 1L);
        assertThat(jdbc.queryForObject("SELECT RES_SEARCH_URL FROM HFJ_RES_SEARCH_URL WHERE RES_ID = 1", String.class))
                .isEqualTo("Patient?name=" + TEXT);
    }

    private static void insertSearchUrl(JdbcTemplate jdbc, String url, long resId) {
        jdbc.update("INSERT INTO HFJ_RES_SEARCH_URL (RES_SEARCH_URL, PARTITION_ID, CREATED_TIME, RES_ID) VALUES (?, -1, ?, ?)",
                url, Timestamp.from(Instant.now()), resId);
    }

    private static Integer prefixLength(JdbcTemplate jdbc, String database, String table, String index, String column) {
        return jdbc.queryForObject("SELECT SUB_PART FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? "
                + "AND TABLE_NAME = ? AND INDEX_NAME = ? AND COLUMN_NAME = ?", Integer.class, database, table, index, column);
    }

    private static List<String> columnsOf(JdbcTemplate jdbc, String database, String table, String index) {
        return jdbc.queryForList("SELECT COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? "
                + "AND TABLE_NAME = ? AND INDEX_NAME = ? ORDER BY SEQ_IN_INDEX", String.class, database, table, index);
    }

    private static HikariDataSource dataSource(String url, String user, String password) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(url);
        ds.setUsername(user);
        ds.setPassword(password);
        ds.setMaximumPoolSize(1); // the migration needs only one; the checks after it then see that same connection
        return ds;
    }
}
