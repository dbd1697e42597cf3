package fleet.registry;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.LoggerFactory;

import fleet.loop.OutageLog;
import fleet.observe.Timing;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.grpc.Status;

/**
 * The registry's one door to etcd: keys relative to the prefix, blocking calls bounded by
 * {@code etcd_request_timeout}, paged range reads at one revision, transactions of at most
 * {@value #MAX_TXN_OPS} operations (etcd's default {@code --max-txn-ops}).
 */
final class Etcd {
    static final int MAX_TXN_OPS = 128;
    private static final int PAGE = 500;
    /**
     * Pages under prefixes whose records are small and bounded (a unit name is at most 256 bytes, so a
     * key and its value stay under 1 KB): 2,000 keys stay far below gRPC's 4 MiB message limit and
     * a 10,000-unit read takes 5 round trips, not 20.
     */
    private static final int SMALL_RECORD_PAGE = 2000;
    private static final List<String> SMALL_RECORDS = List.of(EtcdKeys.UNITS, EtcdKeys.SCHEDULE, EtcdKeys.PLACEMENT,
            EtcdKeys.GLOBAL);

    private final Client client;
    private final String prefix;
    private final Duration timeout;
    private final AtomicLong lastWrite = new AtomicLong();
    /** Shared by this client's watches: an outage breaks them all at once, and is logged once. */
    private final OutageLog watchOutage = new OutageLog(LoggerFactory.getLogger(RegistryWatch.class), Clock.systemUTC());
    private final RegistryMetrics metrics;

    Etcd(Client client, String prefix, Duration timeout) {
        this(client, prefix, timeout, RegistryMetrics.NONE);
    }

    Etcd(Client client, String prefix, Duration timeout, RegistryMetrics metrics) {
        if (prefix == null || !prefix.endsWith("/")) {
            throw new IllegalArgumentException("the etcd key prefix must end with '/', got " + prefix);
        }
        this.client = client;
        this.prefix = prefix;
        this.timeout = timeout;
        this.metrics = metrics;
    }

    RegistryMetrics metrics() {
        return metrics;
    }

    Client client() {
        return client;
    }

    OutageLog watchOutage() {
        return watchOutage;
    }

    Duration timeout() {
        return timeout;
    }

    String prefix() {
        return prefix;
    }

    ByteSequence key(String relative) {
        return bytes(prefix + relative);
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, UTF_8);
    }

    String relative(ByteSequence full) {
        String s = full.toString(UTF_8);
        return s.startsWith(prefix) ? s.substring(prefix.length()) : s;
    }

    StoredKey stored(KeyValue kv) {
        return new StoredKey(relative(kv.getKey()), kv.getValue().toString(UTF_8), kv.getCreateRevision(),
                kv.getModRevision(), kv.getLease());
    }

    /** Waits for a jetcd future; timeouts and unreachable etcd become {@link RegistryUnavailableException}. */
    <T> T await(CompletableFuture<T> future, String what) {
        Timing timing = metrics.etcdRequest(what);
        boolean failed = true;
        try {
            T answer = answer(future, what);
            failed = false;
            return answer;
        } finally {
            timing.ended(failed);
        }
    }

    private <T> T answer(CompletableFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new RegistryUnavailableException(what + ": etcd did not answer within " + timeout.toMillis()
                    + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException(what + ": interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            Status status = Status.fromThrowable(cause);
            if (status.getCode() == Status.Code.UNAVAILABLE || status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
                throw new RegistryUnavailableException(what + ": etcd unreachable (" + status.getCode() + ")", cause);
            }
            if (status.getCode() == Status.Code.OUT_OF_RANGE) {
                throw new RevisionCompactedException(what + ": " + cause.getMessage(), cause);
            }
            throw new RegistryException(what + ": " + cause.getMessage(), cause);
        }
    }

    /** Every key under {@code relativePrefix} at {@code revision} (0 = now), read page by page. */
    RangeRead range(String relativePrefix, long revision) {
        return finishRange(relativePrefix, revision, page(key(relativePrefix), relativePrefix, revision,
                pageLimit(relativePrefix)));
    }

    /**
     * Every key under each of {@code relativePrefixes} at one {@code revision} (&gt; 0): the first
     * pages are requested together, so a snapshot of several prefixes costs one round trip, not one
     * per prefix. Answers come in the order of the prefixes.
     */
    List<RangeRead> ranges(List<String> relativePrefixes, long revision) {
        if (revision <= 0) {
            throw new IllegalArgumentException("ranges read at a fixed revision, got " + revision);
        }
        List<CompletableFuture<GetResponse>> first = new ArrayList<>();
        for (String p : relativePrefixes) {
            first.add(page(key(p), p, revision, pageLimit(p)));
        }
        List<RangeRead> out = new ArrayList<>();
        for (int i = 0; i < relativePrefixes.size(); i++) {
            out.add(finishRange(relativePrefixes.get(i), revision, first.get(i)));
        }
        return out;
    }

    private static int pageLimit(String relativePrefix) {
        return SMALL_RECORDS.stream().anyMatch(relativePrefix::startsWith) ? SMALL_RECORD_PAGE : PAGE;
    }

    private CompletableFuture<GetResponse> page(ByteSequence from, String relativePrefix, long revision, int limit) {
        GetOption.Builder opt = GetOption.builder().withRange(prefixEnd(key(relativePrefix))).withLimit(limit);
        if (revision > 0) {
            opt.withRevision(revision);
        }
        return client.getKVClient().get(from, opt.build());
    }

    /**
     * Waits for a first page and reads the following ones at the first page's revision. etcd pages by
     * count, gRPC refuses a reply over 4 MiB: a page refused as too large is asked again with half as
     * many keys, down to one (a key's value is bounded far below the limit), and the next pages keep
     * the smaller size. So a range of large values costs more round trips, never a failure.
     */
    private RangeRead finishRange(String relativePrefix, long revision, CompletableFuture<GetResponse> firstPage) {
        long rev = revision;
        int limit = pageLimit(relativePrefix);
        List<StoredKey> out = new ArrayList<>();
        ByteSequence from = key(relativePrefix);
        CompletableFuture<GetResponse> next = firstPage;
        while (true) {
            GetResponse r;
            try {
                r = await(next, "read " + relativePrefix);
            } catch (RegistryException e) {
                if (!tooLarge(e) || limit == 1) {
                    throw e;
                }
                limit = Math.max(1, limit / 2);
                next = page(from, relativePrefix, rev, limit);
                continue;
            }
            if (rev == 0) {
                rev = r.getHeader().getRevision();
            }
            for (KeyValue kv : r.getKvs()) {
                out.add(stored(kv));
            }
            if (!r.isMore() || r.getKvs().isEmpty()) {
                return new RangeRead(rev, out);
            }
            from = r.getKvs().get(r.getKvs().size() - 1).getKey().concat(ByteSequence.from(new byte[] {0}));
            next = page(from, relativePrefix, rev, limit);
        }
    }

    private static boolean tooLarge(RegistryException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (Status.fromThrowable(t).getCode() == Status.Code.RESOURCE_EXHAUSTED) {
                return true;
            }
        }
        return false;
    }

    /** One key at {@code revision} (0 = now); the read's revision comes back even when the key is absent. */
    RangeRead get(String relative, long revision) {
        return awaitGet(startGet(relative, revision), relative);
    }

    /** Starts reading one key at {@code revision} (0 = now); {@link #awaitGet} waits for it. */
    CompletableFuture<GetResponse> startGet(String relative, long revision) {
        GetOption opt = revision > 0 ? GetOption.builder().withRevision(revision).build() : GetOption.DEFAULT;
        return client.getKVClient().get(key(relative), opt);
    }

    RangeRead awaitGet(CompletableFuture<GetResponse> read, String relative) {
        GetResponse r = await(read, "read " + relative);
        return new RangeRead(r.getHeader().getRevision(), r.getKvs().stream().map(this::stored).toList());
    }

    /** Starts reading at most {@code limit} keys (names only) under {@code relativePrefix} at {@code revision}. */
    CompletableFuture<GetResponse> startFirstKeys(String relativePrefix, long revision, int limit) {
        GetOption.Builder opt = GetOption.builder().isPrefix(true).withKeysOnly(true).withLimit(limit);
        if (revision > 0) {
            opt.withRevision(revision);
        }
        return client.getKVClient().get(key(relativePrefix), opt.build());
    }

    /** The key names {@link #startFirstKeys} read. */
    List<String> awaitKeys(CompletableFuture<GetResponse> read, String relativePrefix) {
        return await(read, "read " + relativePrefix).getKvs().stream().map(kv -> relative(kv.getKey())).toList();
    }

    long currentRevision() {
        return get(EtcdKeys.ENGINE_VERSION, 0).revision();
    }

    TxnResponse commit(List<Cmp> compares, List<Op> then, List<Op> otherwise, String what) {
        if (then.size() > MAX_TXN_OPS || otherwise.size() > MAX_TXN_OPS) {
            throw new IllegalArgumentException(what + ": " + then.size() + " operations exceed etcd's limit of "
                    + MAX_TXN_OPS + " per transaction");
        }
        return wrote(await(client.getKVClient().txn().If(compares.toArray(Cmp[]::new)).Then(then.toArray(Op[]::new))
                .Else(otherwise.toArray(Op[]::new)).commit(), what));
    }

    /**
     * Notes the revision of a transaction that changed a key (a read-only one, or one whose deletes
     * found nothing, names etcd's revision, which may belong to a key outside the prefix).
     */
    TxnResponse wrote(TxnResponse r) {
        boolean changed = !r.getPutResponses().isEmpty()
                || r.getDeleteResponses().stream().anyMatch(d -> d.getDeleted() > 0);
        if (changed) {
            lastWrite.accumulateAndGet(r.getHeader().getRevision(), Math::max);
        }
        return r;
    }

    /** The revision of the latest change this process committed through this door (0 before any). */
    long lastWrite() {
        return lastWrite.get();
    }

    Op put(String relative, String value) {
        return Op.put(key(relative), bytes(value), PutOption.DEFAULT);
    }

    Op put(String relative, String value, long lease) {
        return Op.put(key(relative), bytes(value), PutOption.builder().withLeaseId(lease).build());
    }

    Op delete(String relative) {
        return Op.delete(key(relative), DeleteOption.DEFAULT);
    }

    Op getOp(String relative) {
        return Op.get(key(relative), GetOption.DEFAULT);
    }

    Cmp absent(String relative) {
        return new Cmp(key(relative), Cmp.Op.EQUAL, CmpTarget.createRevision(0));
    }

    Cmp present(String relative) {
        return new Cmp(key(relative), Cmp.Op.GREATER, CmpTarget.createRevision(0));
    }

    Cmp modRevision(String relative, long modRevision) {
        return new Cmp(key(relative), Cmp.Op.EQUAL, CmpTarget.modRevision(modRevision));
    }

    /** The fence compare: the leader key (a full key, outside our prefix) still has its create revision. */
    static Cmp fence(Fence fence) {
        return new Cmp(bytes(fence.key()), Cmp.Op.EQUAL, CmpTarget.createRevision(fence.createRevision()));
    }

    static ByteSequence prefixEnd(ByteSequence prefix) {
        byte[] b = prefix.getBytes();
        for (int i = b.length - 1; i >= 0; i--) {
            if (b[i] != (byte) 0xff) {
                byte[] end = java.util.Arrays.copyOf(b, i + 1);
                end[i]++;
                return ByteSequence.from(end);
            }
        }
        return ByteSequence.from(new byte[] {0});
    }
}
