package dev.chainmap.neo4jlocal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.SettingValueParsers;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;

/**
 * Runs Neo4j Community embedded, with a Bolt connector on loopback and authentication on, for
 * local development and CI. Started and stopped by scripts/neo4j-local; configured through
 * environment variables so that the password never shows on a command line:
 *
 * <ul>
 *   <li>NEO4J_LOCAL_HOME: the Neo4j home (data/ and logs/ go under it); required.
 *   <li>NEO4J_LOCAL_PORT: the Bolt port (default 7687).
 *   <li>NEO4J_LOCAL_LISTEN: the address to listen on (default 127.0.0.1).
 *   <li>NEO4J_LOCAL_PASSWORD: the password of user neo4j (default chainmap-local).
 *   <li>NEO4J_LOCAL_PAGECACHE: the page cache size (default 128m).
 * </ul>
 *
 * A file $NEO4J_LOCAL_HOME/neo4j.conf, if present, is loaded first (any Neo4j setting); the
 * settings above are applied on top of it. SIGTERM (or Ctrl-C) shuts the DBMS down cleanly.
 */
public final class EmbeddedNeo4j {

    private EmbeddedNeo4j() {}

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static void log(String message) {
        System.out.println(Instant.now() + " [neo4j-local] " + message);
        System.out.flush();
    }

    public static void main(String[] args) throws Exception {
        String homeValue = System.getenv("NEO4J_LOCAL_HOME");
        if (homeValue == null || homeValue.isBlank()) {
            System.err.println("NEO4J_LOCAL_HOME must be set");
            System.exit(2);
        }
        Path home = Path.of(homeValue).toAbsolutePath().normalize();
        int port = Integer.parseInt(env("NEO4J_LOCAL_PORT", "7687"));
        String listen = env("NEO4J_LOCAL_LISTEN", "127.0.0.1");
        String password = env("NEO4J_LOCAL_PASSWORD", "chainmap-local");
        long pageCache = SettingValueParsers.BYTES.parse(env("NEO4J_LOCAL_PAGECACHE", "128m"));

        Files.createDirectories(home);
        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home);
        Path conf = home.resolve("neo4j.conf");
        if (Files.isRegularFile(conf)) {
            log("loading " + conf);
            builder.loadPropertiesFromFile(conf);
        }
        builder.setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(listen, port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("localhost", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                // Bolt waits 5 s + 5 s for idle threads/connections at shutdown; 1 s is plenty here.
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                // Tests try wrong passwords on purpose; don't lock user neo4j out for that.
                .setConfig(GraphDatabaseSettings.auth_max_failed_attempts, 0)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "keep_none")
                .setConfig(GraphDatabaseSettings.udc_enabled, false);

        log("starting Neo4j embedded in " + home + ", Bolt on " + listen + ":" + port);
        long t0 = System.nanoTime();
        DatabaseManagementService managementService;
        try {
            managementService = builder.build();
        } catch (RuntimeException e) {
            log("failed to start: " + e);
            e.printStackTrace();
            System.exit(1);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean(false);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> {
                    stopping.set(true);
                    log("shutting down");
                    try {
                        managementService.shutdown();
                        log("stopped");
                    } catch (RuntimeException e) {
                        log("shutdown failed: " + e);
                    } finally {
                        stopped.countDown();
                    }
                }, "neo4j-local-shutdown"));

        try {
            setPassword(managementService, home, password);
            log(String.format("ready in %.1f s (Bolt on %s:%d, user neo4j)", (System.nanoTime() - t0) / 1e9, listen, port));
        } catch (IOException | RuntimeException e) {
            if (!stopping.get()) {
                log("failed to set the password: " + e);
                e.printStackTrace();
                System.exit(1); // runs the shutdown hook
            }
            // Otherwise we were stopped while still starting: nothing to report.
        }
        stopped.await();
    }

    /**
     * Sets user neo4j's password, without "change required". Skipped when the password is the one
     * set last time (a hash is kept in the home directory), so that a restart runs no Cypher.
     */
    private static void setPassword(DatabaseManagementService dbms, Path home, String password)
            throws IOException {
        Path stamp = home.resolve("neo4j-local.password-sha256");
        String hash = sha256(password);
        if (Files.isRegularFile(stamp) && Files.readString(stamp).trim().equals(hash)) {
            log("password of user neo4j already set");
            return;
        }
        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PLAINTEXT PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
            log("password of user neo4j set");
        } catch (RuntimeException e) {
            if (!String.valueOf(e.getMessage()).contains("Old password and new password cannot be the same")) {
                throw e;
            }
            system.executeTransactionally("ALTER USER neo4j SET PASSWORD CHANGE NOT REQUIRED");
            log("password of user neo4j unchanged");
        }
        Files.writeString(stamp, hash + "\n");
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
