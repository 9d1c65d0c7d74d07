package io.camelchat.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.camelchat.cli.platform.PlatformSpec;
import io.camelchat.common.ChatHeaders;
import org.apache.camel.Exchange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code upload}: a file to the platform's media store, through {@code <platform>:media}. */
@Command(name = "upload", mixinStandardHelpOptions = true,
         description = { "Upload a file to the platform's media store (<platform>:media, operation upload) and print "
                         + "what the platform returned (media id, file key, object URL).",
                 "A progress line goes to standard error for files of 256 KiB and more." })
public class UploadCommand extends BaseCommand {

    @Parameters(paramLabel = "FILE", description = "The file.")
    Path file;

    @Option(names = "--name", paramLabel = "NAME", description = "The name to give it (default: the file's name).")
    String name;

    @Option(names = "--to", paramLabel = "KIND:ID[,ID...]",
            description = "Difft: who may download it (user:+WUID,... or group:GID); others ignore it.")
    String to;

    @Option(names = "--content-type", paramLabel = "TYPE", description = "Its type (default: guessed from the name).")
    String contentType;

    @Override
    public Integer call() {
        PlatformSpec platform = platform();
        if (!platform.canUpload()) {
            throw CliException.usage(platform.name() + " has no upload"
                                     + (platform.noUploadHint() != null ? ": " + platform.noUploadHint() : ""));
        }
        long size = LocalFiles.size(file);
        String fileName = name != null ? name : file.getFileName().toString();
        String type = contentType != null ? contentType : LocalFiles.contentType(file);
        Progress progress = new Progress("upload " + fileName, size, err(), quiet());
        Exchange result;
        try (ChatRuntime runtime = runtime(platform, null);
                InputStream in = progress.wrap(Files.newInputStream(file))) {
            result = runtime.call("media?operation=upload", e -> {
                e.getMessage().setHeader(Exchange.FILE_NAME, fileName);
                e.getMessage().setHeader(Exchange.FILE_NAME_ONLY, fileName);
                e.getMessage().setHeader(Exchange.CONTENT_TYPE, type);
                if (platform.uploadFileNameHeader() != null) {
                    e.getMessage().setHeader(platform.uploadFileNameHeader(), fileName);
                }
                if (to != null) {
                    e.getMessage().setHeader(ChatHeaders.TO, to);
                }
                e.getMessage().setBody(in);
            });
        } catch (IOException e) {
            throw new CliException(ExitCodes.LOCAL_IO, "cannot read " + file + ": " + e.getMessage(), e);
        } finally {
            progress.finish();
        }
        Map<String, Object> headers = new LinkedHashMap<>();
        for (String h : platform.uploadResultHeaders()) {
            Object v = result.getMessage().getHeader(h);
            if (v != null) {
                headers.put(h, v);
            }
        }
        String first = headers.values().stream().map(String::valueOf).findFirst().orElse("uploaded");
        output().result(Output.fields("platform", platform.name(), "file", fileName, "bytes", size, "headers", headers,
                "result", Output.toJson(result.getMessage().getBody())), first);
        return ExitCodes.OK;
    }
}
