package org.kaphub.support;

import org.kaphub.db.EmbeddedMariaDb;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Context initializers giving each test context its own data directory, database and MLLP ports, and the same
 * security set-up (test clients, clinic IdP, TLS certificates): one property set, so one context per database.
 */
public final class TestDatabases {

    /** Small MLLP size limits, so that the oversize tests send kilobytes rather than the default's megabytes. */
    private static final String[] MLLP_LIMITS = {"kap.mllp.max-message-bytes=262144", "kap.mllp.max-frame-bytes=524288"};

    private TestDatabases() {
    }

    /** The embedded default, as the README's run command uses it, in a fresh data directory. */
    public static final class H2 implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            Path dataDir = tempDir("kaphub-h2-");
            int mllpPort = freePort();
            TestPropertyValues.of(
                    "kap.data-dir=" + dataDir,
                    "kap.mllp.host=127.0.0.1",
                    "kap.mllp.port=" + mllpPort
            ).and(MLLP_LIMITS).and(TestSecurity.properties(dataDir, mllpPort, freePort())).applyTo(context);
        }
    }

    /** A fresh utf8mb4 database on the shared embedded MariaDB server. */
    public static final class MariaDb implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            EmbeddedMariaDb mariaDb = EmbeddedMariaDb.instance();
            String url = mariaDb.createDatabase("kaphub_it");
            Path dataDir = tempDir("kaphub-mariadb-");
            int mllpPort = freePort();
            TestPropertyValues.of(
                    "kap.data-dir=" + dataDir,
                    "spring.datasource.url=" + url,
                    "spring.datasource.username=" + mariaDb.user(),
                    "spring.datasource.password=" + mariaDb.password(),
                    "kap.mllp.host=127.0.0.1",
                    "kap.mllp.port=" + mllpPort
            ).and(MLLP_LIMITS).and(TestSecurity.properties(dataDir, mllpPort, freePort())).applyTo(context);
        }
    }

    private static Path tempDir(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
