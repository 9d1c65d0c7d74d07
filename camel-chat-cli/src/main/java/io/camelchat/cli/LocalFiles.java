package io.camelchat.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading local files, with exit status 4 when they cannot be read. */
final class LocalFiles {

    private LocalFiles() {
    }

    static Path readable(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new CliException(ExitCodes.LOCAL_IO, "cannot read " + file + ": no such readable file");
        }
        return file;
    }

    static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(readable(file));
        } catch (IOException e) {
            throw new CliException(ExitCodes.LOCAL_IO, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static long size(Path file) {
        try {
            return Files.size(readable(file));
        } catch (IOException e) {
            throw new CliException(ExitCodes.LOCAL_IO, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The content type by the name, else by the first bytes, else {@code application/octet-stream}. */
    static String contentType(Path file) {
        String type = URLConnection.guessContentTypeFromName(file.getFileName().toString());
        if (type == null) {
            try (var in = new BufferedInputStream(Files.newInputStream(file))) {
                type = URLConnection.guessContentTypeFromStream(in);
            } catch (IOException e) {
                type = null;
            }
        }
        return type != null ? type : "application/octet-stream";
    }
}
