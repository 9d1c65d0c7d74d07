package io.camelchat.cli;

import java.nio.file.Path;
import java.util.List;

import io.camelchat.cli.platform.PlatformSpec;
import io.camelchat.common.ChatAttachment;
import io.camelchat.common.ChatHeaders;
import io.camelchat.common.ChatMention;
import io.camelchat.common.ChatMessage;
import org.apache.camel.Exchange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code send}: a text, markdown or files to a user or a group, through {@code <platform>:message}. */
@Command(name = "send", mixinStandardHelpOptions = true,
         description = { "Send a text, markdown or files through <platform>:message.",
                 "Prints the message id, which is all 'recall' needs." })
public class SendCommand extends BaseCommand {

    @Option(names = "--to", paramLabel = "KIND:ID[,ID...]",
            description = "The target as the component writes it (dingtalk user:/group:, lark chat_id:/open_id:..., "
                          + "symphony stream:/user:/email:, openim user:/group:, difft user:/group:); default: the "
                          + "option 'to' of the configuration.")
    String to;

    @Option(names = { "-m", "--text" }, paramLabel = "TEXT", description = "The text.")
    String text;

    @Option(names = "--markdown", paramLabel = "MARKDOWN", description = "Markdown instead of a plain text.")
    String markdown;

    @Option(names = "--title", paramLabel = "TITLE", description = "The title of a markdown message.")
    String title;

    @Option(names = { "-f", "--file" }, paramLabel = "FILE",
            description = "A file to attach (repeatable); a picture is sent as one.")
    List<Path> files;

    @Option(names = "--mention", paramLabel = "ID", description = "A user to mention (repeatable).")
    List<String> mentions;

    @Option(names = "--reply-to", paramLabel = "MESSAGE_ID", description = "The message this one quotes or answers.")
    String replyTo;

    @Override
    public Integer call() {
        if (text == null && markdown == null && (files == null || files.isEmpty())) {
            throw CliException.usage("send needs --text, --markdown or --file");
        }
        if (text != null && markdown != null) {
            throw CliException.usage("give --text or --markdown, not both");
        }
        PlatformSpec platform = platform();
        Object body = body();
        try (ChatRuntime runtime = runtime(platform, null)) {
            Exchange result = runtime.call("message" + (to != null ? "?" + toParameter(to) : ""),
                    e -> e.getMessage().setBody(body));
            return print(platform, result);
        }
    }

    Object body() {
        boolean plain = markdown == null && (files == null || files.isEmpty())
                && (mentions == null || mentions.isEmpty())
                && replyTo == null;
        if (plain) {
            return text;
        }
        ChatMessage m = markdown != null ? ChatMessage.markdown(title, markdown) : new ChatMessage().setText(text);
        if (mentions != null) {
            mentions.forEach(id -> m.addMention(ChatMention.of(id)));
        }
        if (replyTo != null) {
            m.setReplyToId(replyTo);
        }
        if (files != null) {
            for (Path f : files) {
                String type = LocalFiles.contentType(f);
                m.addAttachment(ChatAttachment.of(ChatAttachment.Kind.fromContentType(type),
                        f.getFileName().toString(), type, LocalFiles.bytes(f)));
            }
        }
        return m;
    }

    Integer print(PlatformSpec platform, Exchange result) {
        String id = result.getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class);
        output().result(Output.fields("platform", platform.name(), "messageId", id, "to", to, "result",
                Output.toJson(result.getMessage().getBody())), id != null ? id : "sent");
        return ExitCodes.OK;
    }
}
