package io.camelchat.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * A progress line on standard error ({@code upload report.pdf: 1.2 MiB of 4.0 MiB (30%)}), rewritten in place with a
 * carriage return at most every 200 ms and ended with a new line; silent with {@code --quiet} or for files under
 * 256 KiB.
 */
public final class Progress {

    static final long THRESHOLD = 256 * 1024;

    private final String label;
    private final long total;
    private final PrintStream err;
    private final boolean enabled;
    private long done;
    private long lastPrinted;

    public Progress(String label, long total, PrintStream err, boolean quiet) {
        this.label = label;
        this.total = total;
        this.err = err;
        this.enabled = !quiet && (total < 0 || total >= THRESHOLD);
    }

    public void advance(long bytes) {
        done += bytes;
        long now = System.nanoTime();
        if (enabled && now - lastPrinted > 200_000_000L) {
            lastPrinted = now;
            print();
        }
    }

    public void finish() {
        if (enabled) {
            print();
            err.println();
            err.flush();
        }
    }

    private void print() {
        String line = total > 0
                ? String.format("%s: %s of %s (%d%%)", label, size(done), size(total), done * 100 / total)
                : String.format("%s: %s", label, size(done));
        err.print("\r" + line);
        err.flush();
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format("%.1f KiB", bytes / 1024.0);
        }
        return String.format("%.1f MiB", bytes / (1024.0 * 1024));
    }

    /** A stream counting what is read from it. */
    public InputStream wrap(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    advance(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0) {
                    advance(n);
                }
                return n;
            }
        };
    }
}
