package io.neuronetes.service.pools;

import io.neuronetes.scheduler.spec.AgentClass;
import io.neuronetes.scheduler.spec.AgentClassParser;
import io.neuronetes.scheduler.spec.AgentPool;
import io.neuronetes.scheduler.spec.AgentPoolParser;
import io.neuronetes.scheduler.spec.FieldError;
import io.neuronetes.scheduler.spec.ParseResult;
import io.neuronetes.scheduler.spec.ToolBinding;
import io.neuronetes.scheduler.spec.ToolBindingParser;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The pools in force, from every {@link PoolSource}. Validates each document with the scheduler's parsers (once per
 * revision), resolves AgentClass and ToolBinding references within a namespace, and keeps pool names unique (the
 * document seen first keeps a name; a later one with the same name is a problem until the first goes away).
 * An invalid document becomes a {@link PoolProblem} and never affects the other pools. Listeners hear about every
 * pool that appears, changes or goes away. Thread-safe: changes are serialized, reads see an immutable snapshot.
 */
public final class PoolRegistry implements PoolListener {

    private static final System.Logger LOG = System.getLogger(PoolRegistry.class.getName());

    /** Hears about served pools; called on the thread that delivered the change, must not throw. */
    public interface Listener {
        /** A pool appeared, its resolved spec changed, or the override stored with it changed. */
        void upserted(PoolEntry entry);

        /** A pool is no longer served (deleted, or now invalid). */
        void removed(String name);

        /**
         * After every change of the stored documents, once the pools' own calls are made: how many pools are
         * served and which documents are not (a problem can come or go while no served pool changes).
         */
        default void resolved(int served, List<PoolProblem> problems) {
        }
    }

    /**
     * One stored document: its arrival order, kind and parse result (cached per revision), and the override stored
     * with it (which may change while the revision stays).
     */
    private record Parsed(long seq, String revision, String kind, ParseResult<?> result,
            Optional<String> storedOverride) {
    }

    /** An immutable view of the registry. */
    private record Snapshot(Map<String, PoolEntry> pools, List<PoolProblem> problems) {
    }

    private final AgentPoolParser poolParser = new AgentPoolParser();
    private final AgentClassParser classParser = new AgentClassParser();
    private final ToolBindingParser bindingParser = new ToolBindingParser();
    private final Map<PoolOrigin, Parsed> documents = new HashMap<>();
    private final Map<PoolOrigin, String> unreadable = new HashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile Snapshot snapshot = new Snapshot(Map.of(), List.of());
    private long seq;

    public void addListener(Listener l) {
        listeners.add(l);
    }

    /** The served pool of that name. */
    public Optional<PoolEntry> pool(String name) {
        return Optional.ofNullable(snapshot.pools().get(name));
    }

    /** All served pools, by name. */
    public List<PoolEntry> pools() {
        return snapshot.pools().values().stream().sorted(Comparator.comparing(PoolEntry::name)).toList();
    }

    /** Every document not served, and why, ordered by origin. */
    public List<PoolProblem> problems() {
        return snapshot.problems();
    }

    @Override
    public synchronized void added(PoolDocument d) {
        store(d);
    }

    @Override
    public synchronized void changed(PoolDocument d) {
        store(d);
    }

    @Override
    public synchronized void deleted(PoolOrigin origin) {
        documents.remove(origin);
        unreadable.remove(origin);
        resolve();
    }

    @Override
    public synchronized void unreadable(PoolOrigin origin, String reason) {
        documents.remove(origin);
        unreadable.put(origin, reason);
        LOG.log(System.Logger.Level.WARNING, origin + ": unreadable: " + reason);
        resolve();
    }

    private void store(PoolDocument d) {
        unreadable.remove(d.origin());
        Parsed old = documents.get(d.origin());
        if (old == null || !old.revision().equals(d.revision())) {
            String kind = String.valueOf(d.tree().getOrDefault("kind", "AgentPool"));
            ParseResult<?> r = switch (kind) {
                case "AgentClass" -> classParser.parse(d.tree());
                case "ToolBinding" -> bindingParser.parse(d.tree());
                default -> poolParser.parse(d.tree());
            };
            long s = old == null ? ++seq : old.seq();
            documents.put(d.origin(), new Parsed(s, d.revision(), kind, r, d.storedOverride()));
            if (r instanceof ParseResult.Invalid<?> inv) {
                LOG.log(System.Logger.Level.WARNING, d.origin() + ": invalid " + kind + ":\n  "
                        + inv.message().replace("\n", "\n  "));
            }
        } else if (!old.storedOverride().equals(d.storedOverride())) {
            documents.put(d.origin(), new Parsed(old.seq(), old.revision(), old.kind(), old.result(),
                    d.storedOverride()));
        }
        resolve();
    }

    /** Recomputes the served pools and problems from the stored documents, then tells listeners what changed. */
    private void resolve() {
        List<Map.Entry<PoolOrigin, Parsed>> ordered = new ArrayList<>(documents.entrySet());
        ordered.sort(Comparator.comparingLong(e -> e.getValue().seq()));
        List<PoolProblem> problems = new ArrayList<>();
        unreadable.forEach((o, why) -> problems.add(new PoolProblem(o, "", Optional.empty(), List.of(why))));
        Map<String, AgentClass> classes = new HashMap<>();
        Map<String, ToolBinding> bindings = new HashMap<>();
        Map<String, PoolOrigin> owners = new HashMap<>();
        for (Map.Entry<PoolOrigin, Parsed> e : ordered) {
            Parsed p = e.getValue();
            if (p.result() instanceof ParseResult.Invalid<?> inv) {
                problems.add(new PoolProblem(e.getKey(), p.kind(), Optional.empty(),
                        inv.errors().stream().map(FieldError::toString).toList()));
            } else if (p.result() instanceof ParseResult.Valid<?> v && v.value() instanceof AgentClass c) {
                claim(classes, owners, "AgentClass", c.namespace(), c.name(), c, e.getKey(), problems);
            } else if (p.result() instanceof ParseResult.Valid<?> v && v.value() instanceof ToolBinding b) {
                claim(bindings, owners, "ToolBinding", b.namespace(), b.name(), b, e.getKey(), problems);
            }
        }
        Map<String, PoolEntry> pools = new LinkedHashMap<>();
        for (Map.Entry<PoolOrigin, Parsed> e : ordered) {
            if (e.getValue().result() instanceof ParseResult.Valid<?> v && v.value() instanceof AgentPool pool) {
                resolvePool(pool, e.getKey(), e.getValue().storedOverride(), classes, bindings, pools, problems);
            }
        }
        problems.sort(Comparator.comparing(p -> p.origin().toString()));
        Snapshot before = snapshot;
        snapshot = new Snapshot(Map.copyOf(pools), List.copyOf(problems));
        notifyListeners(before.pools(), pools);
        Snapshot now = snapshot;
        listeners.forEach(l -> safely(() -> l.resolved(now.pools().size(), now.problems()), "(all)"));
    }

    private static <T> void claim(Map<String, T> into, Map<String, PoolOrigin> owners, String kind, String namespace,
            String name, T value, PoolOrigin origin, List<PoolProblem> problems) {
        String key = namespace + "/" + name;
        PoolOrigin owner = owners.putIfAbsent(kind + ":" + key, origin);
        if (owner != null) {
            problems.add(new PoolProblem(origin, kind, Optional.of(name), List.of("metadata.name: " + kind + " '"
                    + key + "' is already defined by " + owner)));
        } else {
            into.put(key, value);
        }
    }

    private static void resolvePool(AgentPool pool, PoolOrigin origin, Optional<String> storedOverride,
            Map<String, AgentClass> classes, Map<String, ToolBinding> bindings, Map<String, PoolEntry> pools,
            List<PoolProblem> problems) {
        List<String> errors = new ArrayList<>();
        PoolEntry first = pools.get(pool.name());
        if (first != null) {
            errors.add("metadata.name: pool '" + pool.name() + "' is already defined by " + first.origin());
        }
        AgentPool resolved = pool;
        if (pool.agentClassRef() != null) {
            AgentClass c = classes.get(pool.namespace() + "/" + pool.agentClassRef());
            if (c == null) {
                errors.add("spec.agentClassRef: no AgentClass '" + pool.agentClassRef() + "' in namespace '"
                        + pool.namespace() + "'");
            } else {
                resolved = pool.withSlo(c.slo());
            }
        }
        Optional<ToolBinding> binding = Optional.empty();
        if (pool.toolBindingRef() != null) {
            binding = Optional.ofNullable(bindings.get(pool.namespace() + "/" + pool.toolBindingRef()));
            if (binding.isEmpty()) {
                errors.add("spec.toolBindingRef: no ToolBinding '" + pool.toolBindingRef() + "' in namespace '"
                        + pool.namespace() + "'");
            }
        }
        if (errors.isEmpty()) {
            pools.put(pool.name(), new PoolEntry(resolved, origin, binding, storedOverride));
        } else {
            problems.add(new PoolProblem(origin, "AgentPool", Optional.of(pool.name()), errors));
        }
    }

    private void notifyListeners(Map<String, PoolEntry> before, Map<String, PoolEntry> after) {
        for (PoolEntry e : after.values()) {
            PoolEntry was = before.get(e.name());
            if (!e.equals(was)) {
                LOG.log(System.Logger.Level.INFO, "pool " + e.name() + (was == null ? " added"
                        : e.sameSpec(was) ? ": stored override changed" : " changed") + " from " + e.origin());
                listeners.forEach(l -> safely(() -> l.upserted(e), e.name()));
            }
        }
        for (String name : before.keySet()) {
            if (!after.containsKey(name)) {
                LOG.log(System.Logger.Level.INFO, "pool " + name + " removed");
                listeners.forEach(l -> safely(() -> l.removed(name), name));
            }
        }
    }

    private static void safely(Runnable r, String pool) {
        try {
            r.run();
        } catch (RuntimeException ex) {
            LOG.log(System.Logger.Level.ERROR, "pool listener failed for " + pool, ex);
        }
    }
}
