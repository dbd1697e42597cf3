package fleet.registry;

import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Routes java.util.logging (what gRPC under jetcd logs through) to SLF4J, once per JVM. Any part of
 * the daemon may call {@link #install()}; {@link EtcdClients} does.
 */
public final class JulBridge {
    private JulBridge() {}

    public static synchronized void install() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }
}
