package io.neuronetes.forecast.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Why a file could not be read or written, for a message that names the file and then the reason. The file system
 * exceptions of {@code java.nio.file} carry the path as their message and often no reason ({@code
 * NoSuchFileException: /proc/.x.csv.tmp-3399}, {@code AccessDeniedException: /models}), so the reason is spelled out
 * here, as the operating system words it. Used for the files the libraries and the service read or write: trace
 * files, the model store, pool files, the Prometheus token file, the commands' outputs.
 */
public final class FileErrors {

    private FileErrors() {
    }

    /**
     * The cause of {@code e} met while working on {@code target}, for example {@code No such file or directory} or
     * {@code Read-only file system}; when the failing path is another one (a temporary file beside the target, a
     * parent folder), that path follows in parentheses.
     */
    public static String cause(IOException e, Path target) {
        if (!(e instanceof FileSystemException f)) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        String reason = f.getReason() != null ? f.getReason() : reason(f);
        String where = f.getOtherFile() != null ? f.getFile() + " -> " + f.getOtherFile() : f.getFile();
        return where == null || target != null && where.equals(target.toString()) ? reason
                : reason + " (" + where + ")";
    }

    /** The cause of {@code e} with the failing path in parentheses, for a caller that did not name it. */
    public static String cause(IOException e) {
        return cause(e, null);
    }

    private static String reason(FileSystemException f) {
        if (f instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (f instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (f instanceof FileAlreadyExistsException) {
            return "File exists";
        }
        if (f instanceof NotDirectoryException) {
            return "Not a directory";
        }
        if (f instanceof DirectoryNotEmptyException) {
            return "Directory not empty";
        }
        return f.getClass().getSimpleName();
    }
}
