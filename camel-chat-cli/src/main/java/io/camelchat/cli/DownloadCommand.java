package io.camelchat.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import io.camelchat.cli.platform.PlatformSpec;
import io.camelchat.common.ChatHeaders;
import org.apache.camel.Exchange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code download}: a file by the reference a received message carried, through {@code <platform>:media}. */
@Command(name = "download", mixinStandardHelpOptions = true,
         description = { "Download a file (<platform>:media, operation download) by the reference a received "
                         + "message carried: DingTalk's download code, Lark's file or image key (with --message-id), "
                         + "Symphony's attachment id (with --message-id and --conversation), OpenIM's object URL or "
                         + "name.",
                 "Writes it to --out (and prints a summary) or, without --out, to standard output. A progress "
                                    + "line goes to standard error for files of 256 KiB and more." })
public class DownloadCommand extends BaseCommand {

    @Parameters(paramLabel = "REFERENCE", description = "The file's reference.")
    String reference;

    @Option(names = "--message-id", paramLabel = "ID", description = "The message that carries the file.")
    String messageId;

    @Option(names = "--conversation", paramLabel = "ID", description = "The conversation (stream) of that message.")
    String conversation;

    @Option(names = "--type", paramLabel = "TYPE", description = "Lark: image or file (default: by the key).")
    String type;

    @Option(names = { "-O", "--out" }, paramLabel = "FILE", description = "Where to write the file.")
    Path out;

    @Override
    public Integer call() throws IOException {
        PlatformSpec platform = platform();
        Object body;
        try (ChatRuntime runtime = runtime(platform, null)) {
            Exchange result = runtime.call("media?operation=download", e -> {
                e.getMessage().setBody(reference);
                if (messageId != null) {
                    e.getMessage().setHeader(ChatHeaders.MESSAGE_ID, messageId);
                }
                if (conversation != null) {
                    e.getMessage().setHeader(ChatHeaders.CONVERSATION_ID, conversation);
                }
                if (type != null && platform.downloadTypeHeader() != null) {
                    e.getMessage().setHeader(platform.downloadTypeHeader(), type);
                }
            });
            body = result.getMessage().getBody();
            if (!(body instanceof InputStream) && !(body instanceof byte[])) {
                body = result.getContext().getTypeConverter().convertTo(byte[].class, result, body);
            }
        }
        if (body == null) {
            throw new CliException(ExitCodes.REMOTE, platform.name() + ": the download returned nothing");
        }
        InputStream in = body instanceof InputStream is ? is : new ByteArrayInputStream((byte[]) body);
        long size = body instanceof byte[] b ? b.length : -1;
        long written;
        if (out == null) {
            written = copy(in, stdout(), size, null);
            stdout().flush();
            return ExitCodes.OK;
        }
        try (OutputStream os = Files.newOutputStream(out)) {
            written = copy(in, os, size, out.getFileName().toString());
        } catch (IOException e) {
            throw new CliException(ExitCodes.LOCAL_IO, "cannot write " + out + ": " + e.getMessage(), e);
        }
        output().result(Output.fields("platform", platform.name(), "file", out.toString(), "bytes", written),
                out + " (" + written + " bytes)");
        return ExitCodes.OK;
    }

    private long copy(InputStream in, OutputStream os, long size, String label) throws IOException {
        Progress progress = new Progress("download " + (label != null ? label : reference), size, err(),
                quiet() || label == null && size < 0);
        long total = 0;
        byte[] buf = new byte[64 * 1024];
        try (InputStream counted = progress.wrap(in)) {
            int n;
            while ((n = counted.read(buf)) > 0) {
                os.write(buf, 0, n);
                total += n;
            }
        } finally {
            progress.finish();
        }
        return total;
    }
}
