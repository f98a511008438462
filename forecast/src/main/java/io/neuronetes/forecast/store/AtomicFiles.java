package io.neuronetes.forecast.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** File helpers for atomic saves: writes forced to disk, directory sync, recursive delete. */
final class AtomicFiles {

    private AtomicFiles() {
    }

    /** Writes a new file and forces its content to disk before returning. */
    static void writeSynced(Path file, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
    }

    /** Forces a directory's entries (a rename into it) to disk where the platform allows it. */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some platforms cannot open a directory; the rename itself is still atomic there.
        }
    }

    /** Deletes a file or folder tree; a missing path is fine. */
    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> s = Files.walk(p)) {
            all = s.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path q : all) {
            try {
                Files.delete(q);
            } catch (NoSuchFileException e) {
                // removed meanwhile: nothing to do
            }
        }
    }
}
