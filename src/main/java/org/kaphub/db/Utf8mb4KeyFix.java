package org.kaphub.db;

import ca.uhn.fhir.jpa.migrate.DriverTypeEnum;
import ca.uhn.fhir.jpa.migrate.MigrationTaskList;
import ca.uhn.fhir.jpa.migrate.taskdef.BaseTask;
import ca.uhn.fhir.jpa.migrate.taskdef.InitializeSchemaTask;
import ca.uhn.fhir.jpa.migrate.tasks.api.ISchemaInitializationProvider;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Makes HAPI's MariaDB schema script fit utf8mb4.
 *
 * <p>InnoDB caps an index key at 3072 bytes and counts a utf8mb4 {@code VARCHAR(n)} as 4n bytes. HAPI sized
 * its longest indexed columns as {@code VARCHAR(768)}, i.e. 3072 bytes on their own under utf8mb4, so the three
 * keys below that add further columns exceed the cap and the script fails ("Specified key was too long"). Each
 * gets a prefix on its long column, sized so the whole key is exactly 3072 bytes. Every other key in HAPI 8.8.0's
 * script fits (the largest, IDX_RESVERPROV_SOURCEURI on one VARCHAR(768), is exactly 3072 bytes).
 *
 * <p>Only the script run on an empty database needs this: on such a database HAPI records its older incremental
 * tasks (which built these keys step by step) as done without running them, and on a second start the script
 * does not run at all. A later HAPI version that (re)creates one of these keys in an incremental task would
 * fail the MariaDB test loudly and must be handled here.
 */
final class Utf8mb4KeyFix {

    /** In the statement starting with {@code statementStart}, replace {@code from} with {@code to}. */
    private record Rewrite(String statementStart, String from, String to) {
    }

    private static final List<Rewrite> REWRITES = List.of(
            // (RES_SEARCH_URL varchar(768), PARTITION_ID int): 3072 - 4 = 3068 bytes = 767 characters. The key
            // stays unique over the first 767 of at most 768 characters: two conditional-create URLs that differ
            // only in their 768th character would be taken as the same one.
            new Rewrite("create table HFJ_RES_SEARCH_URL ",
                    "primary key (RES_SEARCH_URL, PARTITION_ID)",
                    "primary key (RES_SEARCH_URL(767), PARTITION_ID)"),
            // (SOURCE_URI varchar(768), RES_ID bigint, PARTITION_ID int): 3072 - 12 = 3060 bytes = 765 characters.
            // Not unique: only the index's selectivity for the last three characters changes.
            new Rewrite("create index IDX_RESVER_ID_SRC_URI ",
                    "(SOURCE_URI, RES_ID, PARTITION_ID)",
                    "(SOURCE_URI(765), RES_ID, PARTITION_ID)"),
            // (HASH_NORM_PREFIX bigint, SP_VALUE_NORMALIZED varchar(768), RES_ID bigint, PARTITION_ID int):
            // 3072 - 20 = 3052 bytes = 763 characters. Not unique; string search still filters on the full value.
            new Rewrite("create index IDX_SP_STRING_HASH_NRM_V2 ",
                    "(HASH_NORM_PREFIX, SP_VALUE_NORMALIZED, RES_ID, PARTITION_ID)",
                    "(HASH_NORM_PREFIX, SP_VALUE_NORMALIZED(763), RES_ID, PARTITION_ID)"));

    private Utf8mb4KeyFix() {
    }

    /** The same tasks, with HAPI's schema-initialization script rewritten as above. */
    static MigrationTaskList apply(MigrationTaskList tasks) {
        List<BaseTask> result = new ArrayList<>();
        for (BaseTask task : tasks) {
            if (task instanceof InitializeSchemaTask init) {
                // Same version, so FLY_HFJ_MIGRATION records it exactly as HAPI's own task.
                task = new InitializeSchemaTask(init.getProductVersion(), init.getSchemaVersion(),
                        new RewritingProvider(init.getSchemaInitializationProvider()));
            }
            result.add(task);
        }
        return new MigrationTaskList(result);
    }

    /** Applies {@link #REWRITES} to HAPI's script; fails if HAPI's DDL no longer reads as expected. */
    static List<String> rewrite(List<String> statements) {
        Set<Rewrite> applied = new HashSet<>();
        List<String> result = new ArrayList<>(statements.size());
        for (String statement : statements) {
            for (Rewrite r : REWRITES) {
                if (statement.startsWith(r.statementStart()) && statement.contains(r.from())) {
                    statement = statement.replace(r.from(), r.to());
                    applied.add(r);
                }
            }
            result.add(statement);
        }
        if (applied.size() != REWRITES.size()) {
            List<String> missing = REWRITES.stream().filter(r -> !applied.contains(r)).map(Rewrite::statementStart).toList();
            throw new IllegalStateException("HAPI's MariaDB schema script no longer matches the utf8mb4 key fix "
                    + "(review Utf8mb4KeyFix for this HAPI version): not found: " + missing);
        }
        return result;
    }

    private record RewritingProvider(ISchemaInitializationProvider delegate) implements ISchemaInitializationProvider {

        @Override
        public List<String> getSqlStatements(DriverTypeEnum driverType) {
            return rewrite(delegate.getSqlStatements(driverType));
        }

        @Override
        public String getSchemaExistsIndicatorTable() {
            return delegate.getSchemaExistsIndicatorTable();
        }

        @Override
        public String getSchemaDescription() {
            return delegate.getSchemaDescription();
        }

        @Override
        public ISchemaInitializationProvider setSchemaDescription(String description) {
            delegate.setSchemaDescription(description);
            return this;
        }

        @Override
        public boolean canInitializeSchema() {
            return delegate.canInitializeSchema();
        }

        @Override
        public boolean isEnabled() {
            return delegate.isEnabled();
        }
    }
}
