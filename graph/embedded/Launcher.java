// Runs a Neo4j 5.26 Community DBMS in this JVM with its Bolt connector on 127.0.0.1.
// Started and stopped by graph/embedded/launcher.py; not meant to be run by hand.
//
// Usage: java --class-path 'lib/*' Launcher.java HOME_DIR PORT PAGECACHE_MB TX_MAX_MB
// Prints "PRAEVNET_READY bolt://127.0.0.1:PORT" once Bolt accepts connections and shuts the
// DBMS down cleanly on SIGTERM (shutdown hook), so a stop never leaves a store to recover.

import java.nio.file.Path;
import java.time.Duration;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

public class Launcher {
    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: Launcher HOME_DIR PORT PAGECACHE_MB TX_MAX_MB");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        long mib = 1024L * 1024L;
        long pagecache = Long.parseLong(args[2]) * mib;
        long txMax = Long.parseLong(args[3]) * mib;

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pagecache)
                .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, txMax)
                .setConfig(GraphDatabaseSettings.memory_transaction_max_size, txMax)
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "100M size")
                .build();

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("PRAEVNET_STOPPING");
            System.out.flush();
            dbms.shutdown();
            System.out.println("PRAEVNET_STOPPED");
            System.out.flush();
        }, "praevnet-shutdown"));

        System.out.println("PRAEVNET_READY bolt://127.0.0.1:" + port);
        System.out.flush();
        Thread.currentThread().join();
    }
}
