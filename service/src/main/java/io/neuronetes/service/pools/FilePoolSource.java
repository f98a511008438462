package io.neuronetes.service.pools;

import io.neuronetes.forecast.io.FileErrors;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * AgentPool documents from the {@code *.yaml} and {@code *.yml} files of one folder (not its sub-folders), scanned
 * every {@code rescan} on a thread of its own. A file with one document has the origin {@code file:<path>}; a file
 * with several has {@code file:<path>#<n>} (from 1) per document. A file that cannot be read or parsed is reported
 * unreadable with the line and column of the error, at each origin it had documents at before (the registry keeps
 * their last valid versions), or at {@code file:<path>} when it had none.
 *
 * <p>After the first scan, a file's new text applies only once two scans in a row read it the same: a file read while
 * half written (cut inside or between documents, or emptied for a rewrite, as editors and {@code >} do) reads as text
 * that may be valid YAML and a valid spec, and would otherwise apply as an edit, or delete documents, until the next
 * scan. Until then the file reports what it reported before (nothing, for a new file). Every edit, addition and
 * removal of a document therefore applies one {@code rescan} after it is first read; a deleted file deletes its
 * documents at once. The first scan applies what it reads. Polling rather than a file-system watch because watches
 * miss changes on the network and overlay file systems (mounted ConfigMaps) that this folder usually lives on; a file
 * whose modification time and size are unchanged is not read again. See {@link PoolSource} for the contract.
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
    private boolean scanned;

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
        scanned = true;
    }

    /** One document of a file's text: its tree and revision. */
    private record Doc(Map<String, Object> tree, String revision) {
    }

    /** What a file's text reads to: its documents in order, or why it cannot be read. */
    private record Content(List<Doc> documents, String unreadable) {
    }

    /**
     * What a file held when it was last read, keyed by its modification time and size: what its text read to, and
     * what the scan reported for it (what an earlier text reported, while a new text waits to be read again).
     */
    private record Cached(FileTime modified, long size, Content content, Map<PoolOrigin, Seen> seen) {
    }

    private final Map<Path, Cached> files = new HashMap<>();

    /** Reads {@code file} unless its modification time and size are those of the last read. */
    private void readIfChanged(Path file, Map<PoolOrigin, Seen> into, Map<Path, Cached> still) {
        try {
            var attrs = Files.readAttributes(file, BasicFileAttributes.class);
            Cached c = files.get(file);
            // A file modified within the last seconds is read again whatever its attributes say: on file systems
            // with coarse timestamps a second same-size edit in the same tick would otherwise go unseen (git's
            // "racily clean" files).
            boolean racy = System.currentTimeMillis() - attrs.lastModifiedTime().toMillis() < 3000;
            boolean unchanged = c != null && !racy && c.modified().equals(attrs.lastModifiedTime())
                    && c.size() == attrs.size();
            Content content = unchanged ? c.content() : read(file);
            Map<PoolOrigin, Seen> seen;
            if (c != null && content.equals(c.content())) {
                seen = reported(file, content, c.seen()); // read the same twice: applies
            } else if (c == null && !scanned) {
                seen = reported(file, content, Map.of()); // the first scan applies what it reads
            } else {
                seen = c == null ? Map.of() : c.seen(); // new text: held until the next scan reads it again
            }
            c = new Cached(attrs.lastModifiedTime(), attrs.size(), content, seen);
            still.put(file, c);
            into.putAll(c.seen());
        } catch (IOException e) {
            // Listed, then gone or failing before its attributes could be read (an editor that deletes and recreates
            // the file): unreadable at each origin it had, and its last read kept, so that the next scan compares
            // the file's text with it rather than holding it as a new file (which would delete its pools meanwhile).
            String why = "cannot read: " + FileErrors.cause(e, file);
            Cached c = files.get(file);
            if (c != null) {
                still.put(file, c);
            }
            into.putAll(carried(file, why, c == null ? Map.of() : c.seen()));
        }
    }

    /**
     * What a file's text reports: each document, at {@code file:PATH} when the text has one and at {@code file:PATH#N}
     * when it has several. A text that cannot be read is reported {@link #carried} at what the file reported
     * {@code before}.
     */
    private static Map<PoolOrigin, Seen> reported(Path file, Content content, Map<PoolOrigin, Seen> before) {
        if (content.unreadable() != null) {
            return carried(file, content.unreadable(), before);
        }
        List<Doc> docs = content.documents();
        Map<PoolOrigin, Seen> seen = new HashMap<>();
        for (int i = 0; i < docs.size(); i++) {
            PoolOrigin o = docs.size() == 1 ? PoolOrigin.file(file)
                    : new PoolOrigin(PoolOrigin.Kind.FILE, file + "#" + (i + 1));
            seen.put(o, new Seen(new PoolDocument(o, docs.get(i).tree(), docs.get(i).revision()), null));
        }
        return seen;
    }

    /**
     * What a file that cannot be read now reports: the reason at each origin it had before, so that the registry
     * keeps the last valid version of each of its documents instead of hearing they were deleted (the text does not
     * say which documents are still there), or at {@code file:PATH} when it had none.
     */
    private static Map<PoolOrigin, Seen> carried(Path file, String why, Map<PoolOrigin, Seen> before) {
        Map<PoolOrigin, Seen> carried = new HashMap<>();
        (before.isEmpty() ? Set.of(PoolOrigin.file(file)) : before.keySet())
                .forEach(o -> carried.put(o, new Seen(null, why)));
        return carried;
    }

    private static Content read(Path file) {
        YamlDocuments.Result r;
        try {
            r = YamlDocuments.read(Files.readAllBytes(file));
        } catch (IOException e) {
            return new Content(null, "cannot read: " + FileErrors.cause(e, file));
        }
        if (r.error() != null) {
            return new Content(null, r.error());
        }
        return new Content(r.documents().stream().map(t -> new Doc(t, YamlDocuments.revision(t))).toList(), null);
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
