package io.camelchat.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.camelchat.cli.platform.PlatformSpec;
import io.camelchat.common.ChatMessage;
import org.apache.camel.Exchange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code card}: a markdown card, or the platform's own card document, through {@code <platform>:message}. */
@Command(name = "card", mixinStandardHelpOptions = true,
         description = { "Send a card: a title and markdown content (each platform's markdown or card message), or "
                         + "with --json the platform's own card document (Lark's interactive card) sent as it is." })
public class CardCommand extends BaseCommand {

    @Option(names = "--to", paramLabel = "KIND:ID[,ID...]",
            description = "The target (as for send); default: the option 'to' of the configuration.")
    String to;

    @Option(names = "--title", paramLabel = "TITLE", description = "The card's title.")
    String title;

    @Option(names = { "--content", "--markdown" }, paramLabel = "MARKDOWN", description = "The card's markdown.")
    String content;

    @Option(names = "--card-id", paramLabel = "ID",
            description = "Difft: the card's id (a later card with the same id replaces it); default: a new one.")
    String cardId;

    @Option(names = "--json", paramLabel = "FILE",
            description = "A JSON file holding the platform's own card document ('-' for standard input).")
    Path json;

    @Override
    public Integer call() {
        if (content == null && json == null) {
            throw CliException.usage("card needs --content or --json");
        }
        PlatformSpec platform = platform();
        if (cardId != null && platform.cardIdHeader() == null) {
            throw CliException.usage("--card-id: " + platform.name() + " cards have no id of their own");
        }
        Object body = json != null ? document() : ChatMessage.markdown(title, content);
        try (ChatRuntime runtime = runtime(platform, null)) {
            Exchange result = runtime.call("message" + (to != null ? "?" + toParameter(to) : ""),
                    e -> {
                        e.getMessage().setBody(body);
                        if (cardId != null) {
                            e.getMessage().setHeader(platform.cardIdHeader(), cardId);
                        }
                    });
            SendCommand printer = new SendCommand();
            printer.local = local;
            printer.root = root;
            printer.to = to;
            return printer.print(platform, result);
        }
    }

    private Map<String, Object> document() {
        try {
            byte[] bytes = "-".equals(json.toString()) ? System.in.readAllBytes() : Files.readAllBytes(json);
            return Output.MAPPER.readValue(bytes, new TypeReference<Map<String, Object>>() {
            });
        } catch (JsonProcessingException e) {
            throw CliException.usage("--json " + json + " is not a JSON object: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new CliException(ExitCodes.LOCAL_IO, "cannot read " + json + ": " + e.getMessage(), e);
        }
    }
}
