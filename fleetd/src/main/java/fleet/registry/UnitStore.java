package fleet.registry;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

import fleet.constraint.ParsedUnit;
import fleet.unit.DesiredState;
import fleet.unit.InvalidUnitNameException;
import fleet.unit.UnitFile;
import fleet.unit.UnitHash;
import fleet.unit.UnitName;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.Op;

/**
 * Units ({@code units/}, {@code global/}) and their deduplicated bodies ({@code bodies/}, with the
 * reference index {@code body-refs/<sha1>/<name>}). Every change is one transaction.
 *
 * <p>Body garbage collection: whoever adds a reference to a body re-puts the body in the same
 * transaction (bumping its mod revision); whoever removes one compares the body's mod revision and,
 * in the same transaction, deletes the body when no other reference is left or re-puts it
 * otherwise. Concurrent removers and adders therefore serialize on the body key, and a transaction
 * that lost the race is retried from a fresh read.
 *
 * <p>Deleting a unit does not touch {@code schedule/}, {@code placement/} or {@code reasons/}: those
 * belong to the engine, which unschedules deleted units in its next pass (fenced).
 */
public final class UnitStore {
    /** Refused above this size: etcd's default request limit is 1.5 MiB for the whole transaction. */
    public static final int MAX_BODY_BYTES = 512 * 1024;
    private static final int MAX_ATTEMPTS = 20;
    /** What one creating transaction may carry: etcd refuses requests over 1.5 MiB by default. */
    static final int MAX_TXN_BYTES = 1024 * 1024;

    private final Etcd etcd;
    private final LastSeenUnits lastSeen = new LastSeenUnits();

    UnitStore(Etcd etcd) {
        this.etcd = etcd;
    }

    /** What this store last saw of each unit; the API cache's watch adds what it delivers. */
    LastSeenUnits lastSeen() {
        return lastSeen;
    }

    /** Creates a unit; refuses ({@link UnitExistsException}) when the name is taken. Returns the revision. */
    public long create(String name, UnitFile file, DesiredState desired) {
        TxnResponse r = createTxn(name, file, desired, List.of());
        if (!r.isSucceeded()) {
            throw new UnitExistsException(name);
        }
        return r.getHeader().getRevision();
    }

    /**
     * Creates the unit when the name is free, else returns the record that holds it, in one round
     * trip (the API's PUT: most are creations, and the body of an existing unit is not needed to
     * compare hashes).
     */
    public Optional<UnitRecord> createOrGet(String name, UnitFile file, DesiredState desired) {
        TxnResponse r = createTxn(name, file, desired, List.of(etcd.getOp(EtcdKeys.unit(name))));
        if (r.isSucceeded()) {
            return Optional.empty();
        }
        // the compare failed, so the key exists in the same revision the Else branch reads
        StoredKey held = etcd.stored(r.getGetResponses().get(0).getKvs().get(0));
        lastSeen.saw(name, held);
        return Optional.of(RegistryJson.read(held, UnitRecord.class));
    }

    /**
     * Creates new units in as few transactions as etcd's limits allow ({@value Etcd#MAX_TXN_OPS}
     * operations, {@link #MAX_TXN_BYTES}; a unit takes 3 operations, 4 when global, and a body shared
     * by units of one transaction is put once), committed in order. Each transaction is
     * all-or-nothing: when one of its names was taken meanwhile, none of its units is written and
     * their names are returned, for the caller to settle one by one; earlier transactions stay.
     */
    public List<String> createAll(List<NewUnit> units) {
        List<String> notCreated = new ArrayList<>();
        CreateChunk chunk = new CreateChunk();
        for (NewUnit u : units) {
            validateName(u.name());
            UnitRecord record = record(u.name(), u.file(), u.desired());
            String body = storedBody(record, u.file());
            if (!chunk.fits(record, body)) {
                notCreated.addAll(chunk.commit());
                chunk = new CreateChunk();
            }
            chunk.add(record, body);
        }
        notCreated.addAll(chunk.commit());
        return notCreated;
    }

    /** The records of those {@code names} that exist (bodies not read), {@value Etcd#MAX_TXN_OPS} names a round trip. */
    public Map<String, UnitRecord> records(List<String> names) {
        Map<String, UnitRecord> out = new HashMap<>();
        for (int from = 0; from < names.size(); from += Etcd.MAX_TXN_OPS) {
            List<String> some = names.subList(from, Math.min(names.size(), from + Etcd.MAX_TXN_OPS));
            List<Op> gets = new ArrayList<>();
            for (String name : some) {
                validateName(name);
                gets.add(etcd.getOp(EtcdKeys.unit(name)));
            }
            for (GetResponse r : etcd.commit(List.of(), gets, List.of(), "read units").getGetResponses()) {
                for (KeyValue kv : r.getKvs()) {
                    UnitRecord u = RegistryJson.read(etcd.stored(kv), UnitRecord.class);
                    out.put(u.name(), u);
                }
            }
        }
        return out;
    }

    /** One creating transaction being filled: a compare and puts per unit, each body put once. */
    private final class CreateChunk {
        private final List<String> names = new ArrayList<>();
        private final List<Cmp> cmps = new ArrayList<>();
        private final List<Op> ops = new ArrayList<>();
        private final Set<UnitHash> bodies = new HashSet<>();
        private int bytes;

        boolean fits(UnitRecord record, String body) {
            int more = record.global() ? 4 : 3;
            return names.isEmpty() || (ops.size() + more <= Etcd.MAX_TXN_OPS
                    && bytes + body.getBytes(UTF_8).length + 1024 <= MAX_TXN_BYTES);
        }

        void add(UnitRecord record, String body) {
            names.add(record.name());
            cmps.add(etcd.absent(EtcdKeys.unit(record.name())));
            ops.add(etcd.put(EtcdKeys.unit(record.name()), RegistryJson.write(record)));
            if (record.global()) {
                ops.add(etcd.put(EtcdKeys.global(record.name()), RegistryJson.write(record.asGlobal())));
            }
            if (bodies.add(record.hash())) {
                ops.add(etcd.put(EtcdKeys.body(record.hash()), body));
                bytes += body.getBytes(UTF_8).length;
            }
            ops.add(etcd.put(EtcdKeys.bodyRef(record.hash(), record.name()), ""));
            bytes += 1024; // the records and keys of one unit: its name is at most 256 bytes
        }

        /** Commits; the names when a compare failed (nothing of this chunk written). */
        List<String> commit() {
            if (names.isEmpty()) {
                return List.of();
            }
            boolean done = etcd.commit(cmps, ops, List.of(), "create " + names.size() + " units").isSucceeded();
            return done ? List.of() : names;
        }
    }

    /** The unit's record without its body, at the current revision. */
    public Optional<UnitRecord> record(String name) {
        validateName(name);
        return etcd.get(EtcdKeys.unit(name), 0).single().map(k -> RegistryJson.read(k, UnitRecord.class));
    }

    private TxnResponse createTxn(String name, UnitFile file, DesiredState desired, List<Op> otherwise) {
        validateName(name);
        UnitRecord record = record(name, file, desired);
        List<Op> ops = new ArrayList<>();
        String written = RegistryJson.write(record);
        ops.add(etcd.put(EtcdKeys.unit(name), written));
        if (record.global()) {
            ops.add(etcd.put(EtcdKeys.global(name), RegistryJson.write(record.asGlobal())));
        }
        addReference(record, file, ops);
        TxnResponse r = etcd.commit(List.of(etcd.absent(EtcdKeys.unit(name))), ops, otherwise, "create unit " + name);
        if (r.isSucceeded()) {
            lastSeen.saw(name, new StoredKey(EtcdKeys.unit(name), written, 0, r.getHeader().getRevision(), 0));
        }
        return r;
    }

    /** Replaces a unit's body and desired state; the old body goes when nothing else references it. */
    public long replace(String name, UnitFile file, DesiredState desired) {
        validateName(name);
        UnitRecord next = record(name, file, desired);
        return change(name, old -> next, file, "replace unit " + name);
    }

    /**
     * Starts, moves on or resumes the rollout of a global unit to {@code file}: the machines in
     * {@code machines} run the new body, the others the committed one. Committing the new
     * body is an ordinary {@link #replace}, which ends the rollout. {@link IllegalArgumentException} when
     * the unit is not global (only agents choose a global unit's body, so only they can roll it).
     */
    public long rollout(String name, UnitFile file, List<String> order, List<String> machines, int maxParallel) {
        validateName(name);
        RolloutRecord next = new RolloutRecord(file.hash(), order, machines, maxParallel);
        return change(name, old -> {
            if (!old.global() || !record(name, file, old.desiredState()).global()) {
                throw new IllegalArgumentException("unit " + name + " is not global in the cluster and in the new body: "
                        + "only global units are rolled out machine by machine");
            }
            return old.withRollout(next);
        }, file, "roll out unit " + name);
    }

    public long setDesiredState(String name, DesiredState state) {
        validateName(name);
        return change(name, old -> old.withDesiredState(state), null, "set desired state of " + name);
    }

    /** Deletes a unit (and its body when unreferenced); {@link UnitNotFoundException} when absent. */
    public long delete(String name) {
        validateName(name);
        return change(name, old -> null, null, "delete unit " + name);
    }

    public Optional<StoredUnit> get(String name) {
        return get(name, 0);
    }

    /** The unit at {@code revision} (0 = now). */
    public Optional<StoredUnit> get(String name, long revision) {
        validateName(name);
        RangeRead read = etcd.get(EtcdKeys.unit(name), revision);
        if (read.single().isEmpty()) {
            return Optional.empty();
        }
        UnitRecord record = RegistryJson.read(read.single().get(), UnitRecord.class);
        return UnitBodies.join(record, UnitBodies.of(etcd, List.of(record.hash()), read.revision()));
    }

    /** Every unit with its body, read at one revision. */
    public UnitListing list() {
        RangeRead units = etcd.range(EtcdKeys.UNITS, 0);
        var bodies = UnitBodies.all(etcd, units.revision());
        List<StoredUnit> out = new ArrayList<>();
        for (StoredKey k : units.keys()) {
            UnitBodies.join(RegistryJson.read(k, UnitRecord.class), bodies).ifPresent(out::add);
        }
        return new UnitListing(units.revision(), out);
    }

    /**
     * Computes the next record (null = delete) from the unit as last seen, and writes it with a compare
     * on that version's mod revision; the same transaction reads the unit when the compare fails, and
     * the next attempt starts from that. So a change of a unit this process saw last (the API's PUT
     * after its create, or after the watch delivered it) is one round trip. A change of the body's
     * references starts from a read, since releasing a body reads its references at the unit's revision.
     */
    private long change(String name, UnaryOperator<UnitRecord> update, UnitFile newFile, String what) {
        Attempt seen = start(name, update);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            UnitRecord old = RegistryJson.read(seen.unit(), UnitRecord.class);
            UnitRecord next = update.apply(old);
            Set<UnitHash> before = referenced(old);
            Set<UnitHash> after = referenced(next);
            List<Cmp> cmps = new ArrayList<>(List.of(etcd.modRevision(EtcdKeys.unit(name), seen.unit().modRevision())));
            List<Op> ops = new ArrayList<>();
            String written = next == null ? null : RegistryJson.write(next);
            ops.add(next == null ? etcd.delete(EtcdKeys.unit(name)) : etcd.put(EtcdKeys.unit(name), written));
            if (next != null && next.global()) {
                ops.add(etcd.put(EtcdKeys.global(name), RegistryJson.write(next.asGlobal())));
            } else if (old.global()) {
                ops.add(etcd.delete(EtcdKeys.global(name)));
            }
            if (next == null || !next.hash().equals(old.hash())) {
                ops.add(etcd.delete(EtcdKeys.completion(name))); // a new version (or none) has not run
            }
            if (next == null) {
                ops.add(etcd.delete(EtcdKeys.move(name))); // a destroyed unit's rebalancing record goes with it
            }
            for (UnitHash added : after) {
                if (!before.contains(added)) {
                    addReference(name, added, newFile, ops);
                }
            }
            for (UnitHash dropped : before) {
                if (!after.contains(dropped)) {
                    releaseReference(dropped, name, seen.readRevision(), cmps, ops);
                }
            }
            TxnResponse r = etcd.commit(cmps, ops, List.of(etcd.getOp(EtcdKeys.unit(name))), what);
            long revision = r.getHeader().getRevision();
            if (r.isSucceeded()) {
                if (next == null) {
                    lastSeen.deleted(name, revision);
                } else {
                    lastSeen.saw(name, new StoredKey(EtcdKeys.unit(name), written, 0, revision, 0));
                }
                return revision;
            }
            seen = Attempt.from(etcd, name, r);
        }
        throw new ContentionException(what + ": the unit kept changing concurrently; gave up after " + MAX_ATTEMPTS
                + " attempts");
    }

    /**
     * The last seen version when the change keeps the unit's body references and accepts it (a guess
     * must not refuse a change the current version would take), else the unit read from etcd.
     */
    private Attempt start(String name, UnaryOperator<UnitRecord> update) {
        Optional<StoredKey> guess = lastSeen.get(name);
        if (guess.isPresent()) {
            UnitRecord old = RegistryJson.read(guess.get(), UnitRecord.class);
            try {
                if (referenced(old).equals(referenced(update.apply(old)))) {
                    return new Attempt(guess.get(), 0);
                }
            } catch (IllegalArgumentException refusedTheGuess) {
                // read the unit and let the current version decide
            }
        }
        return Attempt.read(etcd, name);
    }

    /** The unit a change starts from, and the revision it was read at (0: a guess from {@link LastSeenUnits}). */
    private record Attempt(StoredKey unit, long readRevision) {
        static Attempt read(Etcd etcd, String name) {
            RangeRead read = etcd.get(EtcdKeys.unit(name), 0);
            return new Attempt(read.single().orElseThrow(() -> new UnitNotFoundException(name)), read.revision());
        }

        /** From a failed transaction's read of the unit. */
        static Attempt from(Etcd etcd, String name, TxnResponse failed) {
            List<KeyValue> kvs = failed.getGetResponses().get(0).getKvs();
            if (kvs.isEmpty()) {
                throw new UnitNotFoundException(name);
            }
            return new Attempt(etcd.stored(kvs.get(0)), failed.getHeader().getRevision());
        }
    }

    private void addReference(UnitRecord record, UnitFile file, List<Op> ops) {
        addReference(record.name(), record.hash(), file, ops);
    }

    private void addReference(String name, UnitHash hash, UnitFile file, List<Op> ops) {
        ops.add(etcd.put(EtcdKeys.body(hash), storedBody(name, file)));
        ops.add(etcd.put(EtcdKeys.bodyRef(hash, name), ""));
    }

    /** The bodies a record keeps alive: its own, and during a rollout the new one. */
    private static Set<UnitHash> referenced(UnitRecord record) {
        Set<UnitHash> hashes = new HashSet<>();
        if (record != null) {
            hashes.add(record.hash());
            if (record.rollout() != null) {
                hashes.add(record.rollout().hash());
            }
        }
        return hashes;
    }

    private static String storedBody(UnitRecord record, UnitFile file) {
        return storedBody(record.name(), file);
    }

    private static String storedBody(String name, UnitFile file) {
        String body = RegistryJson.write(BodyRecord.of(file));
        int size = body.getBytes(UTF_8).length;
        if (size > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("unit " + name + " is " + size + " bytes as stored; the limit is "
                    + MAX_BODY_BYTES);
        }
        return body;
    }

    private void releaseReference(UnitHash hash, String unit, long revision, List<Cmp> cmps, List<Op> ops) {
        ops.add(etcd.delete(EtcdKeys.bodyRef(hash, unit)));
        // the body and the other references are read at once: one round trip, not two
        CompletableFuture<GetResponse> bodyRead = etcd.startGet(EtcdKeys.body(hash), revision);
        CompletableFuture<GetResponse> refsRead = etcd.startFirstKeys(EtcdKeys.bodyRefs(hash), revision, 2);
        Optional<StoredKey> body = etcd.awaitGet(bodyRead, EtcdKeys.body(hash)).single();
        if (body.isEmpty()) {
            return;
        }
        String own = EtcdKeys.bodyRef(hash, unit);
        boolean othersRemain = etcd.awaitKeys(refsRead, EtcdKeys.bodyRefs(hash)).stream()
                .anyMatch(k -> !k.equals(own));
        cmps.add(etcd.modRevision(EtcdKeys.body(hash), body.get().modRevision()));
        ops.add(othersRemain ? etcd.put(EtcdKeys.body(hash), body.get().value()) : etcd.delete(EtcdKeys.body(hash)));
    }

    static UnitRecord record(String name, UnitFile file, DesiredState desired) {
        if (file == null || desired == null) {
            throw new IllegalArgumentException("unit " + name + ": a body and a desired state are required");
        }
        UnitHash hash = file.hash();
        // the one rule for Global= (quotes, case, last value wins), the engine's and the agents' too
        boolean global = ParsedUnit.of(UnitName.trusted(name), file, hash).global();
        return new UnitRecord(name, hash, desired, global);
    }

    static void validateName(String name) {
        try {
            UnitName.parse(name);
        } catch (InvalidUnitNameException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
