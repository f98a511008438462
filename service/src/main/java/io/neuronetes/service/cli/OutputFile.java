package io.neuronetes.service.cli;

import io.neuronetes.forecast.io.FileErrors;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * The files the commands write. A file is written whole or not at all: into a temporary file beside it, then moved
 * into place, so a failed write leaves an earlier file as it was. Since a replay or a backtest takes minutes, its
 * outputs are checked before it starts: each can be written, and none is one of the command's inputs.
 */
final class OutputFile {

    /** What writes a file's content. */
    @FunctionalInterface
    interface Content {
        void writeTo(Writer w) throws IOException;
    }

    private OutputFile() {
    }

    /** Writes {@code file}: its folders are created, then the content goes to a temporary file moved into place. */
    static void write(Path file, Content content) throws IOException {
        Path tmp = temporary(file);
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                content.writeTo(w);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Fails as {@link #write} would if {@code file} cannot be written, without changing it: a folder in its place, a
     * parent that is a file or cannot be created, a folder where no file can be created.
     */
    static void probe(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new FileSystemException(file.toString(), null, "Is a directory");
        }
        Files.delete(Files.createFile(temporary(file)));
    }

    /** What a command says when {@code file} cannot be written: the file, then the reason ({@link FileErrors}). */
    static String cannotWrite(Path file, IOException e) {
        return file + ": cannot write: " + FileErrors.cause(e, file);
    }

    /**
     * Refuses an output ({@code flag} naming {@code file}) that is the same file as one of {@code others} (by flag;
     * null paths are skipped): writing it would overwrite an input or another output.
     */
    static void distinct(String flag, Path file, Map<String, Path> others) {
        for (Map.Entry<String, Path> e : others.entrySet()) {
            if (e.getValue() != null && same(file, e.getValue())) {
                throw new IllegalArgumentException(flag + " " + file + " is the file of " + e.getKey()
                        + ": it would be overwritten");
            }
        }
    }

    private static boolean same(Path a, Path b) {
        if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
            return true;
        }
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false; // cannot tell: the write itself will say what is wrong
        }
    }

    /** The temporary file beside {@code file}, its folders created. */
    private static Path temporary(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        return dir.resolve("." + file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    }
}
