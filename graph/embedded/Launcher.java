// Runs a Neo4j 5.26 Community DBMS in this JVM with its Bolt connector on 127.0.0.1 and
// authentication on. Started and stopped by graph/embedded/launcher.py; not meant to be run by hand.
//
// Usage: java --class-path 'lib/*' Launcher.java HOME_DIR PORT PAGECACHE_MB TX_MAX_MB PASSWORD_FILE
//
// The password of user "neo4j" comes from PASSWORD_FILE (written by the Python side with mode
// 0600), never from the command line or the environment, which other users can read. Community
// has no setting for an initial password: it is set with ALTER USER on the system database. Bolt
// accepts connections as soon as build() returns, before any ALTER USER could run, so a password
// the store does not know yet is set first in a DBMS without Bolt (a store created without
// authentication still has the default password "neo4j" then); only afterwards does the DBMS
// start with Bolt. HOME_DIR/praevnet-auth.sha256 records the digest of the password set last,
// so later starts skip that step.
//
// Prints "PRAEVNET_READY bolt://127.0.0.1:PORT" once Bolt accepts connections with that password
// and shuts the DBMS down cleanly on SIGTERM (shutdown hook), so a stop never leaves a store to
// recover.

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;

public class Launcher {
    private static final String SET_PASSWORD = "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED";
    private static final String MARKER = "praevnet-auth.sha256";
    private static final String WARM_UP = "RETURN 1";

    // The DBMS a SIGTERM must shut down (either phase); null between and after.
    private static final Object LOCK = new Object();
    private static DatabaseManagementService running;
    private static boolean stopping;

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: Launcher HOME_DIR PORT PAGECACHE_MB TX_MAX_MB PASSWORD_FILE");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        long mib = 1024L * 1024L;
        long pagecache = Long.parseLong(args[2]) * mib;
        long txMax = Long.parseLong(args[3]) * mib;
        String password = Files.readString(Path.of(args[4]), StandardCharsets.UTF_8).strip();
        if (password.isEmpty()) {
            System.err.println("empty password file: " + args[4]);
            System.exit(2);
        }

        Runtime.getRuntime().addShutdownHook(new Thread(Launcher::shutdown, "praevnet-shutdown"));

        Path marker = home.resolve(MARKER);
        String digest = sha256(password);
        if (!Files.exists(marker) || !Files.readString(marker, StandardCharsets.UTF_8).strip().equals(digest)) {
            System.out.println("PRAEVNET_SETTING_PASSWORD");
            System.out.flush();
            DatabaseManagementService setup = open(home, port, pagecache, txMax, false);
            if (setup == null) {
                return;
            }
            // Neo4j refuses to set the password the user has already (a lost marker file):
            // a random one in between makes the step repeatable.
            GraphDatabaseService system = setup.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
            system.executeTransactionally(SET_PASSWORD, Map.of("password", UUID.randomUUID().toString()));
            system.executeTransactionally(SET_PASSWORD, Map.of("password", password));
            Files.writeString(marker, digest + "\n", StandardCharsets.UTF_8);
            synchronized (LOCK) {
                if (running != null) {
                    running.shutdown();
                    running = null;
                }
            }
        }

        DatabaseManagementService dbms = open(home, port, pagecache, txMax, true);
        if (dbms == null) {
            return;
        }
        // The first query of a fresh JVM compiles the Cypher runtime (over a second on a busy
        // machine): pay that before reporting ready, not in the first client's health check.
        dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally(WARM_UP);

        System.out.println("PRAEVNET_READY bolt://127.0.0.1:" + port);
        System.out.flush();
        Thread.currentThread().join();
    }

    /** Shut the running DBMS down cleanly on SIGTERM, whichever phase it is in. */
    private static void shutdown() {
        synchronized (LOCK) {
            stopping = true;
            if (running != null) {
                System.out.println("PRAEVNET_STOPPING");
                System.out.flush();
                running.shutdown();
                running = null;
                System.out.println("PRAEVNET_STOPPED");
                System.out.flush();
            }
        }
    }

    /** Build a DBMS, with Bolt or without; null when a SIGTERM came first. */
    private static DatabaseManagementService open(Path home, int port, long pagecache, long txMax, boolean bolt) {
        synchronized (LOCK) {
            if (stopping) {
                return null;
            }
            running = build(home, port, pagecache, txMax, bolt);
            return running;
        }
    }

    private static DatabaseManagementService build(Path home, int port, long pagecache, long txMax, boolean bolt) {
        return new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, bolt)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pagecache)
                .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, txMax)
                .setConfig(GraphDatabaseSettings.memory_transaction_max_size, txMax)
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "100M size")
                .build();
    }

    private static String sha256(String text) throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(hash);
    }
}
