package io.neuronetes.service.pools;

import io.neuronetes.forecast.io.FileErrors;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * AgentPool documents from the {@code *.yaml} and {@code *.yml} files of one folder (not its sub-folders), scanned
 * every {@code rescan} on a thread of its own. A file with one document has the origin {@code file:<path>}; a file
 * with several has {@code file:<path>#<n>} (from 1) per document. A file that cannot be read or parsed is reported
 * unreadable with the line and column of the error, at each origin it had documents at before (the registry keeps
 * their last valid versions), or at {@code file:<path>} when it had none; only a file's removal deletes its
 * documents. Polling rather than a file-system watch because watches miss changes on the network and overlay file
 * systems (mounted ConfigMaps) that this folder usually lives on; a file whose modification time and size are
 * unchanged is not read again. See {@link PoolSource} for the contract.
 */
public final class FilePoolSource implements PoolSource {

    private static final System.Logger LOG = System.getLogger(FilePoolSource.class.getName());

    /** What one scan saw at an origin: a document, or the reason it is unreadable. */
    private record Seen(PoolDocument document, String unreadable) {
    }

    private final Path folder;
    private final Duration rescan;
    private Map<PoolOrigin, Seen> last = Map.of();
    private ScheduledExecutorService executor;
    private PoolListener listener;
    private boolean folderMissingReported;

    public FilePoolSource(Path folder, Duration rescan) {
        this.folder = folder;
        this.rescan = rescan;
    }

    @Override
    public String name() {
        return "files:" + folder;
    }

    @Override
    public synchronized void start(PoolListener l) {
        if (listener != null) {
            throw new IllegalStateException(name() + " already started");
        }
        listener = l;
        scan();
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pool-files");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::scanSafely, rescan.toMillis(), rescan.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
        listener = null;
    }

    private void scanSafely() {
        try {
            scan();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, name() + ": scan failed, retrying in " + rescan, e);
        }
    }

    /** Reads the folder once and tells the listener what changed since the last scan. */
    synchronized void scan() {
        if (listener == null) {
            return;
        }
        Map<PoolOrigin, Seen> now = new TreeMap<>(java.util.Comparator.comparing(PoolOrigin::toString));
        if (!Files.isDirectory(folder)) {
            if (!folderMissingReported) {
                LOG.log(System.Logger.Level.INFO, name() + ": folder does not exist; no pools from files");
                folderMissingReported = true;
            }
        } else {
            folderMissingReported = false;
            Map<Path, Cached> still = new HashMap<>();
            try (DirectoryStream<Path> listing = Files.newDirectoryStream(folder, "*.{yaml,yml}")) {
                for (Path f : listing) {
                    if (Files.isRegularFile(f)) {
                        readIfChanged(f, now, still);
                    }
                }
                files.keySet().retainAll(still.keySet());
                files.putAll(still);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, name() + ": cannot list the folder: "
                        + FileErrors.cause(e, folder));
                return; // Keep the last state rather than withdrawing every pool on a transient error.
            }
        }
        deliver(now);
    }

    /** What a file held when it was last read, keyed by its modification time and size. */
    private record Cached(java.nio.file.attribute.FileTime modified, long size, Map<PoolOrigin, Seen> seen) {
    }

    private final Map<Path, Cached> files = new HashMap<>();

    /** Reads {@code file} unless its modification time and size are those of the last read. */
    private void readIfChanged(Path file, Map<PoolOrigin, Seen> into, Map<Path, Cached> still) {
        try {
            var attrs = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
            Cached c = files.get(file);
            // A file modified within the last seconds is read again whatever its attributes say: on file systems
            // with coarse timestamps a second same-size edit in the same tick would otherwise go unseen (git's
            // "racily clean" files).
            boolean racy = System.currentTimeMillis() - attrs.lastModifiedTime().toMillis() < 3000;
            if (c == null || racy || !c.modified().equals(attrs.lastModifiedTime()) || c.size() != attrs.size()) {
                Map<PoolOrigin, Seen> seen = new HashMap<>();
                read(file, seen);
                c = new Cached(attrs.lastModifiedTime(), attrs.size(), c == null ? seen : carried(c.seen(), seen));
            }
            still.put(file, c);
            into.putAll(c.seen());
        } catch (IOException e) {
            into.put(PoolOrigin.file(file), new Seen(null, "cannot read: " + FileErrors.cause(e, file)));
        }
    }

    /**
     * What a file that cannot be read now reports: the reason at each origin it had before, so that the registry
     * keeps the last valid version of each of its documents instead of hearing they were deleted (the text does not
     * say which documents are still there). A file that can be read, or had no document, reports as read.
     */
    private static Map<PoolOrigin, Seen> carried(Map<PoolOrigin, Seen> before, Map<PoolOrigin, Seen> read) {
        if (read.size() != 1 || read.values().iterator().next().unreadable() == null || before.isEmpty()) {
            return read;
        }
        String why = read.values().iterator().next().unreadable();
        Map<PoolOrigin, Seen> carried = new HashMap<>();
        before.keySet().forEach(o -> carried.put(o, new Seen(null, why)));
        return carried;
    }

    private static void read(Path file, Map<PoolOrigin, Seen> into) {
        PoolOrigin whole = PoolOrigin.file(file);
        YamlDocuments.Result r;
        try {
            r = YamlDocuments.read(Files.readAllBytes(file));
        } catch (IOException e) {
            into.put(whole, new Seen(null, "cannot read: " + FileErrors.cause(e, file)));
            return;
        }
        if (r.error() != null) {
            into.put(whole, new Seen(null, r.error()));
            return;
        }
        int n = r.documents().size();
        for (int i = 0; i < n; i++) {
            PoolOrigin o = n == 1 ? whole : new PoolOrigin(PoolOrigin.Kind.FILE, file + "#" + (i + 1));
            Map<String, Object> tree = r.documents().get(i);
            into.put(o, new Seen(new PoolDocument(o, tree, YamlDocuments.revision(tree)), null));
        }
    }

    private void deliver(Map<PoolOrigin, Seen> now) {
        Map<PoolOrigin, Seen> before = new HashMap<>(last);
        for (Map.Entry<PoolOrigin, Seen> e : now.entrySet()) {
            Seen old = before.remove(e.getKey());
            Seen s = e.getValue();
            if (s.unreadable() != null) {
                if (old == null || !s.unreadable().equals(old.unreadable())) {
                    listener.unreadable(e.getKey(), s.unreadable());
                }
            } else if (old == null || old.document() == null) {
                listener.added(s.document());
            } else if (!old.document().revision().equals(s.document().revision())) {
                listener.changed(s.document());
            }
        }
        before.keySet().forEach(listener::deleted);
        last = now;
    }
}
