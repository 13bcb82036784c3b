package dev.hotpath.collector.findings;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Run directories hold SQL shapes, routes, trace ids and JFR recordings of someone's service: what the collector
 * creates is readable by its owner only (directories 0700, files 0600), whatever the umask. On a file system
 * without POSIX permissions the defaults apply.
 */
public final class OwnerOnly {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final FileAttribute<?>[] FILE = POSIX
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
            : new FileAttribute<?>[0];
    private static final FileAttribute<?>[] DIR = POSIX
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
            : new FileAttribute<?>[0];

    private OwnerOnly() {
    }

    /** Attributes for {@code FileChannel.open}/{@code Files.createFile} of a new file. */
    public static FileAttribute<?>[] file() {
        return FILE.clone();
    }

    /** Creates the directory and missing parents; those it creates are owner-only. */
    public static Path createDirectories(Path dir) throws IOException {
        return Files.createDirectories(dir, DIR);
    }

    /** Writes a new file (replacing nothing: fails if it exists) with owner-only permissions. */
    public static void writeNew(Path file, byte[] content) throws IOException {
        Files.write(Files.createFile(file, FILE), content);
    }
}
