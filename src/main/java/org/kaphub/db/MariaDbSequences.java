package org.kaphub.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns HAPI's id generators on MariaDB from one-row tables into native sequences.
 *
 * <p>HAPI's migrator runs its MySQL script on MariaDB ({@code DriverTypeEnum.MARIADB_10_1}), so every {@code SEQ_*}
 * id generator is a table. Hibernate reads such a table on a second, "isolated" connection while the writing
 * transaction holds its own, once per block of 50 ids, and every other writer of that id waits for the block
 * holding its connection: a burst of writes held the whole pool and waited 30 s for a connection no one returned
 * (bench/delivery/RESULTS.md). A native sequence is read on the writer's own connection.
 *
 * <p>Each sequence is declared as HAPI's own MariaDB script declares it (increment, nocache) and starts at the
 * table's next value, which is exactly what the table would have handed out next. A {@code SEQ_*} table that script
 * does not declare refuses the start. Runs after every migration, so a generator a later HAPI version adds as a table
 * is converted too. The conversion must not run while another node still writes with the table-based generators.
 */
final class MariaDbSequences {

    /** HAPI's DDL for MariaDB (generated from its entities with the MariaDB dialect); its migrator does not run it. */
    static final String HAPI_MARIADB_SCRIPT = "ca/uhn/hapi/fhir/jpa/docs/database/nonpartitioned/mariadb.sql";

    private static final Pattern CREATE_SEQUENCE = Pattern.compile(
            "create sequence (\\w+) start with \\d+ increment by (\\d+) nocache", Pattern.CASE_INSENSITIVE);

    private MariaDbSequences() {
    }

    /** @return the generator tables converted now (none on a database converted before) */
    static List<String> convert(Connection connection) {
        try {
            return convert(connection, hapiIncrements());
        } catch (SQLException e) {
            throw new IllegalStateException("Could not turn HAPI's id generator tables into sequences", e);
        }
    }

    private static List<String> convert(Connection connection, Map<String, Integer> increments) throws SQLException {
        List<String> converted = new ArrayList<>();
        for (String table : generatorTables(connection)) {
            Integer increment = increments.get(table.toUpperCase());
            if (increment == null) {
                throw new IllegalStateException("HAPI id generator table " + table + " has no sequence in "
                        + HAPI_MARIADB_SCRIPT + ": cannot convert it to a native sequence");
            }
            long next = nextValue(connection, table);
            // Made under another name and swapped in by one atomic RENAME: the generator is never missing.
            execute(connection, "CREATE OR REPLACE SEQUENCE KAP_NEW_" + table + " START WITH " + next
                    + " INCREMENT BY " + increment + " NOCACHE");
            execute(connection, "RENAME TABLE " + table + " TO KAP_OLD_" + table + ", KAP_NEW_" + table + " TO " + table);
            execute(connection, "DROP TABLE KAP_OLD_" + table);
            converted.add(table);
        }
        return converted;
    }

    static Map<String, Integer> hapiIncrements() {
        try (InputStream in = MariaDbSequences.class.getClassLoader().getResourceAsStream(HAPI_MARIADB_SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException("HAPI's MariaDB script is missing: " + HAPI_MARIADB_SCRIPT);
            }
            Matcher m = CREATE_SEQUENCE.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            Map<String, Integer> increments = new HashMap<>();
            while (m.find()) {
                increments.put(m.group(1).toUpperCase(), Integer.valueOf(m.group(2)));
            }
            if (increments.isEmpty()) {
                throw new IllegalStateException("HAPI's MariaDB script declares no sequences any more: " + HAPI_MARIADB_SCRIPT);
            }
            return increments;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> generatorTables(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                     + "AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME LIKE 'SEQ\\_%'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    private static long nextValue(Connection connection, String table) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT next_val FROM " + table)) {
            if (!rs.next()) {
                throw new IllegalStateException("HAPI id generator table " + table + " has no row");
            }
            long next = rs.getLong(1);
            if (rs.next()) {
                throw new IllegalStateException("HAPI id generator table " + table + " has more than one row");
            }
            return next;
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }
}
