package io.camelchat.it.reliability;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * A Log4j 2 appender that writes every log event of the run to a file, one record per event: the logger, the level,
 * the formatted message and, when the event carries an exception, its stack trace with the messages of its causes.
 * Added to the root logger and every logger that does not pass its events on to the root, so each event is written
 * once; nothing goes to the console through it.
 */
final class LogCapture extends AbstractAppender {

    /** Separates records in the file (a record may span lines: stack traces). */
    static final String END = "\u0000";

    private final Path file;
    private final BufferedWriter out;
    private final AtomicLong events = new AtomicLong();

    private LogCapture(Path file) throws IOException {
        super("camel-chat-secret-scan", null, null, true, Property.EMPTY_ARRAY);
        this.file = file;
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    /** Adds a capture writing to {@code file} to the current Log4j configuration. */
    static LogCapture install(Path file) {
        LogCapture capture;
        try {
            capture = new LogCapture(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        capture.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        config.addAppender(capture);
        LoggerConfig root = config.getRootLogger();
        root.addAppender(capture, Level.ALL, null);
        for (LoggerConfig logger : config.getLoggers().values()) {
            if (logger != root && !logger.isAdditive()) {
                logger.addAppender(capture, Level.ALL, null);
            }
        }
        context.updateLoggers();
        return capture;
    }

    @Override
    public void append(LogEvent event) {
        StringBuilder record = new StringBuilder(160);
        record.append(event.getLevel()).append(' ').append(event.getLoggerName()).append(" [")
                .append(event.getThreadName()).append("] ");
        if (event.getMessage() != null) {
            record.append(event.getMessage().getFormattedMessage());
        }
        Throwable thrown = event.getThrown();
        if (thrown != null) {
            StringWriter trace = new StringWriter();
            thrown.printStackTrace(new PrintWriter(trace));
            record.append('\n').append(trace);
        }
        record.append(END).append('\n');
        synchronized (out) {
            try {
                out.write(record.toString());
            } catch (IOException e) {
                error("cannot write " + file + ": " + e.getMessage());
                return;
            }
        }
        events.incrementAndGet();
    }

    /** Log events written so far. */
    long events() {
        return events.get();
    }

    /** Writes out what is buffered and returns the file. */
    Path flush() {
        synchronized (out) {
            try {
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return file;
    }
}
