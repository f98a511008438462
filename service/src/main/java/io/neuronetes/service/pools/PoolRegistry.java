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
 * An invalid document becomes a {@link PoolProblem} and never affects the other pools. A newer version that is
 * invalid or unreadable is refused the same way, and the last valid version at its origin stays in force (as
 * Kubernetes and Prometheus keep theirs on a bad update): its pool keeps running, unchanged for the listeners, until
 * a valid version replaces it or the document is deleted or names another resource. When it knows no valid version
 * of a refused document (after a restart), it serves the last accepted version stored with the document
 * ({@link PoolDocument#lastAccepted}), validated like the document, if there is one and it is valid. Listeners hear
 * about every pool that appears, changes or goes away. Thread-safe: changes are serialized, reads see an immutable
 * snapshot.
 */
public final class PoolRegistry implements PoolListener {

    private static final System.Logger LOG = System.getLogger(PoolRegistry.class.getName());

    /** Hears about served pools; called on the thread that delivered the change, must not throw. */
    public interface Listener {
        /** A pool appeared, its resolved spec changed, or the override stored with it changed. */
        void upserted(PoolEntry entry);

        /**
         * A pool is no longer served: its document was deleted or names another pool, or it lost a reference or its
         * name to another document. A refused newer version leaves the pool served.
         */
        void removed(String name);

        /**
         * After every change of the stored documents, once the pools' own calls are made: how many pools are
         * served and which documents are not (a problem can come or go while no served pool changes).
         */
        default void resolved(int served, List<PoolProblem> problems) {
        }
    }

    /**
     * One stored document: its arrival order, kind, {@code metadata.name} when it can be read, parse result (cached
     * per revision), the override stored with it (which may change while the revision stays), and its tree.
     */
    private record Parsed(long seq, String revision, String kind, Optional<String> name, ParseResult<?> result,
            Optional<String> storedOverride, Map<String, Object> tree) {

        boolean valid() {
            return result instanceof ParseResult.Valid<?>;
        }

        /** Whether {@code newer} is a version of the same resource: same kind, same name or none readable. */
        boolean sameResource(Parsed newer) {
            return kind.equals(newer.kind()) && (newer.name().isEmpty() || newer.name().equals(name));
        }

        Parsed withOverride(Optional<String> override) {
            return new Parsed(seq, revision, kind, name, result, override, tree);
        }

        /** The document's {@code spec}; empty when it has none. */
        @SuppressWarnings("unchecked")
        Map<String, Object> spec() {
            return tree.get("spec") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        }
    }

    /**
     * An immutable view of the registry; {@code revisions} holds, by pool name, the revision of the document version
     * each pool is served at, {@code specs} its spec, and {@code refused} the problem of a refused newer version of a
     * served pool's document.
     */
    private record Snapshot(Map<String, PoolEntry> pools, List<PoolProblem> problems, Map<String, String> revisions,
            Map<String, Map<String, Object>> specs, Map<String, PoolProblem> refused) {
    }

    private final AgentPoolParser poolParser = new AgentPoolParser();
    private final AgentClassParser classParser = new AgentClassParser();
    private final ToolBindingParser bindingParser = new ToolBindingParser();
    private final Map<PoolOrigin, Parsed> documents = new HashMap<>();
    private final Map<PoolOrigin, String> unreadable = new HashMap<>();
    /** The last valid version at each origin, served in place of a newer version that is invalid or unreadable. */
    private final Map<PoolOrigin, Parsed> lastValid = new HashMap<>();
    /**
     * The last accepted version stored with each document that has one (parsed, valid or not), served in place of a
     * refused document when no valid version was read from its origin since the start.
     */
    private final Map<PoolOrigin, Parsed> accepted = new HashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile Snapshot snapshot = new Snapshot(Map.of(), List.of(), Map.of(), Map.of(), Map.of());
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

    /**
     * Why the newer version of the served pool's document was refused, when it was: the pool is then served at its
     * last valid version ({@link PoolProblem#servedRevision()}). Empty when the pool is served as its document is.
     */
    public Optional<PoolProblem> refused(String pool) {
        return Optional.ofNullable(snapshot.refused().get(pool));
    }

    /**
     * The revision of the document version the served pool runs at: its document's, or, while a newer version is
     * refused, that of its last valid version. Empty when no pool of that name is served.
     */
    public Optional<String> servedRevision(String pool) {
        return Optional.ofNullable(snapshot.revisions().get(pool));
    }

    /**
     * The {@code spec} of the document version the served pool runs at (the version {@link #servedRevision} names),
     * as its document holds it: what a source that stores the last accepted version keeps. Not copied: callers must
     * not mutate it. Empty when no pool of that name is served.
     */
    public Optional<Map<String, Object>> servedSpec(String pool) {
        return Optional.ofNullable(snapshot.specs().get(pool));
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
        lastValid.remove(origin);
        accepted.remove(origin);
        resolve();
    }

    /** Reports the origin; the last valid version read from it, if any, stays in force until it changes or goes. */
    @Override
    public synchronized void unreadable(PoolOrigin origin, String reason) {
        documents.remove(origin);
        unreadable.put(origin, reason);
        LOG.log(System.Logger.Level.WARNING, origin + ": unreadable: " + reason + keptText(origin));
        resolve();
    }

    private void store(PoolDocument d) {
        unreadable.remove(d.origin());
        Parsed old = documents.get(d.origin());
        if (old == null || !old.revision().equals(d.revision())) {
            Parsed kept = lastValid.get(d.origin());
            long s = old != null ? old.seq() : kept != null ? kept.seq() : ++seq;
            Parsed p = parse(s, d.revision(), d.tree(), d.storedOverride());
            documents.put(d.origin(), p);
            remember(d.origin(), p);
            storeAccepted(d, p);
            if (p.result() instanceof ParseResult.Invalid<?> inv) {
                LOG.log(System.Logger.Level.WARNING, d.origin() + ": invalid " + p.kind() + keptText(d.origin())
                        + ":\n  " + inv.message().replace("\n", "\n  "));
            }
        } else {
            if (!old.storedOverride().equals(d.storedOverride())) {
                documents.put(d.origin(), old.withOverride(d.storedOverride()));
            }
            storeAccepted(d, old);
        }
        resolve();
    }

    private Parsed parse(long s, String revision, Map<String, Object> tree, Optional<String> storedOverride) {
        String kind = String.valueOf(tree.getOrDefault("kind", "AgentPool"));
        ParseResult<?> r = switch (kind) {
            case "AgentClass" -> classParser.parse(tree);
            case "ToolBinding" -> bindingParser.parse(tree);
            default -> poolParser.parse(tree);
        };
        return new Parsed(s, revision, kind, nameOf(tree), r, storedOverride, tree);
    }

    /**
     * Keeps the last accepted version stored with document {@code d} ({@code p} parsed), validated once per
     * version, and forgets it when none is stored any more. When the document is refused with no valid version read
     * since the start, this is the one served (it is logged when it comes to be, and when it is invalid too).
     */
    private void storeAccepted(PoolDocument d, Parsed p) {
        Optional<PoolDocument.Version> stored = d.lastAccepted();
        Parsed had = accepted.get(d.origin());
        if (stored.isEmpty()) {
            accepted.remove(d.origin());
            return;
        }
        if (had != null && had.revision().equals(stored.get().revision())
                && had.tree().equals(stored.get().tree())) {
            return;
        }
        Parsed a = parse(p.seq(), stored.get().revision(), stored.get().tree(), p.storedOverride());
        accepted.put(d.origin(), a);
        if (!p.valid() && !lastValid.containsKey(d.origin())) {
            LOG.log(a.valid() ? System.Logger.Level.INFO : System.Logger.Level.WARNING, d.origin() + ": the last "
                    + "accepted version stored with it (revision " + a.revision() + ") "
                    + (a.valid() ? "is served in place of revision " + p.revision() + ", which is refused"
                            : "is invalid too:\n  " + a.result().errors().stream().map(FieldError::toString)
                                    .collect(java.util.stream.Collectors.joining("\n  "))));
        }
    }

    /**
     * Keeps a valid version as the one to serve should a later version be refused, and forgets the kept version
     * when the document now names another resource (a pool renamed, or another kind): that one is no longer
     * written, so it goes as a deleted one would.
     */
    private void remember(PoolOrigin origin, Parsed p) {
        Parsed kept = lastValid.get(origin);
        if (p.valid()) {
            lastValid.put(origin, p);
        } else if (kept != null && !kept.sameResource(p)) {
            lastValid.remove(origin);
        }
    }

    /**
     * The version served in place of a refused document at {@code origin}: the last valid version read from it,
     * else the last accepted version stored with the document when that is valid and of the same resource; null
     * when there is none.
     */
    private Parsed kept(PoolOrigin origin) {
        Parsed k = lastValid.get(origin);
        if (k != null) {
            return k;
        }
        Parsed a = accepted.get(origin);
        Parsed doc = documents.get(origin);
        return a != null && a.valid() && (doc == null || doc.sameResource(a)) ? a : null;
    }

    /** For the log: which version stays in force at an origin whose new version is refused. */
    private String keptText(PoolOrigin origin) {
        Parsed k = kept(origin);
        return k == null ? "" : "; its last valid version (" + k.kind() + " " + k.name().orElse("") + ", revision "
                + k.revision() + (lastValid.containsKey(origin) ? "" : ", the one stored with it") + ") stays in force";
    }

    /**
     * The errors of a refused document with nothing served in its place, with those of the last accepted version
     * stored with it when that is invalid too.
     */
    private List<String> unservedErrors(PoolOrigin origin, List<String> errors) {
        Parsed a = accepted.get(origin);
        if (a == null || a.valid()) {
            return errors;
        }
        List<String> all = new ArrayList<>(errors);
        a.result().errors().forEach(e -> all.add("stored last accepted version (" + a.revision() + "): " + e));
        return all;
    }

    private static Optional<String> nameOf(Map<String, Object> tree) {
        return tree.get("metadata") instanceof Map<?, ?> m && m.get("name") instanceof String n
                ? Optional.of(n) : Optional.empty();
    }

    /** Recomputes the served pools and problems from the stored documents, then tells listeners what changed. */
    private void resolve() {
        List<PoolProblem> problems = new ArrayList<>();
        Map<PoolOrigin, PoolProblem> refusals = new HashMap<>();
        Map<PoolOrigin, Parsed> served = served(problems, refusals);
        List<Map.Entry<PoolOrigin, Parsed>> ordered = new ArrayList<>(served.entrySet());
        ordered.sort(Comparator.comparingLong(e -> e.getValue().seq()));
        Map<String, AgentClass> classes = new HashMap<>();
        Map<String, ToolBinding> bindings = new HashMap<>();
        Map<String, PoolOrigin> owners = new HashMap<>();
        for (Map.Entry<PoolOrigin, Parsed> e : ordered) {
            Object value = ((ParseResult.Valid<?>) e.getValue().result()).value();
            if (value instanceof AgentClass c) {
                claim(classes, owners, "AgentClass", c.namespace(), c.name(), c, e.getKey(), problems);
            } else if (value instanceof ToolBinding b) {
                claim(bindings, owners, "ToolBinding", b.namespace(), b.name(), b, e.getKey(), problems);
            }
        }
        Map<String, PoolEntry> pools = new LinkedHashMap<>();
        for (Map.Entry<PoolOrigin, Parsed> e : ordered) {
            if (((ParseResult.Valid<?>) e.getValue().result()).value() instanceof AgentPool pool) {
                resolvePool(pool, e.getKey(), e.getValue(), classes, bindings, pools, problems);
            }
        }
        Map<String, String> revisions = new HashMap<>();
        Map<String, Map<String, Object>> specs = new HashMap<>();
        pools.values().forEach(p -> {
            revisions.put(p.name(), served.get(p.origin()).revision());
            specs.put(p.name(), served.get(p.origin()).spec());
        });
        Map<String, PoolProblem> refused = new HashMap<>();
        pools.values().stream().filter(p -> refusals.containsKey(p.origin()))
                .forEach(p -> refused.put(p.name(), refusals.get(p.origin())));
        problems.sort(Comparator.comparing(p -> p.origin().toString()));
        Snapshot before = snapshot;
        snapshot = new Snapshot(Map.copyOf(pools), List.copyOf(problems), Map.copyOf(revisions), Map.copyOf(specs),
                Map.copyOf(refused));
        notifyListeners(before.pools(), pools);
        Snapshot now = snapshot;
        listeners.forEach(l -> safely(() -> l.resolved(now.pools().size(), now.problems()), "(all)"));
    }

    /**
     * The valid version each origin serves: its document, or, when that is invalid or unreadable, the last valid
     * version kept in its place. Adds a problem for every refused document; those with a kept version in their
     * place also go to {@code refusals}.
     */
    private Map<PoolOrigin, Parsed> served(List<PoolProblem> problems, Map<PoolOrigin, PoolProblem> refusals) {
        Map<PoolOrigin, Parsed> served = new HashMap<>();
        documents.forEach((o, p) -> {
            if (p.valid()) {
                served.put(o, p);
                return;
            }
            Parsed kept = kept(o);
            List<String> errors = p.result().errors().stream().map(FieldError::toString).toList();
            if (kept == null) {
                problems.add(new PoolProblem(o, p.kind(), p.name(), unservedErrors(o, errors), Optional.empty(),
                        Optional.of(p.revision())));
            } else {
                served.put(o, kept.withOverride(p.storedOverride()));
                refusals.put(o, new PoolProblem(o, p.kind(), p.name().or(kept::name), errors,
                        Optional.of(kept.revision()), Optional.of(p.revision())));
            }
        });
        unreadable.forEach((o, why) -> {
            Parsed kept = kept(o);
            if (kept == null) {
                problems.add(new PoolProblem(o, "", Optional.empty(), List.of(why)));
            } else {
                served.put(o, kept);
                refusals.put(o, new PoolProblem(o, "", kept.name(), List.of(why), Optional.of(kept.revision()),
                        Optional.empty()));
            }
        });
        problems.addAll(refusals.values());
        return served;
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

    private static void resolvePool(AgentPool pool, PoolOrigin origin, Parsed version,
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
            pools.put(pool.name(), new PoolEntry(resolved, origin, binding, version.storedOverride()));
        } else {
            problems.add(new PoolProblem(origin, "AgentPool", Optional.of(pool.name()), errors, Optional.empty(),
                    Optional.of(version.revision())));
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
