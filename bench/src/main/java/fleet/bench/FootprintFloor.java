package fleet.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import fleet.registry.EtcdClients;
import fleet.registry.EtcdConnection;
import fleet.systemd.DbusSystemdManager;

/**
 * The memory floor under fleetd: a main that holds only the libraries fleetd runs on, each doing
 * one real exchange (a Vert.x HTTP server, a jetcd client's read, a dbus-java call to systemd), then
 * sleeps so that its RSS can be read. Run it with bin/fleetd's JVM flags in a lab machine:
 * {@code java $FLEETD_JAVA_OPTS -cp ... fleet.bench.FootprintFloor ETCD_ENDPOINT [bare]}; "bare"
 * loads none of the libraries (the JVM alone).
 */
public final class FootprintFloor {
    private FootprintFloor() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 1 && args[1].equals("bare")) {
            System.out.println("floor: bare JVM");
            Thread.sleep(Long.MAX_VALUE);
        }
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2));
        int port = vertx.createHttpServer().requestHandler(r -> r.response().end("ok")).listen(0, "127.0.0.1")
                .await(10, TimeUnit.SECONDS).actualPort();
        try (Client etcd = EtcdClients.build(EtcdConnection.plain(List.of(args[0])), Duration.ofSeconds(5));
                DbusSystemdManager systemd = DbusSystemdManager.connectSystemBus()) {
            int keys = etcd.getKVClient().get(ByteSequence.from("/", StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS)
                    .getKvs().size();
            System.out.printf("floor: http port %d, etcd read (%d keys), systemd %d%n", port, keys, systemd.version());
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
