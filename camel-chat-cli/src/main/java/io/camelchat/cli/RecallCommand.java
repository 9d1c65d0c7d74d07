package io.camelchat.cli;

import io.camelchat.cli.platform.PlatformSpec;
import io.camelchat.common.ChatHeaders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code recall}: takes back a message the bot sent, by the id {@code send} printed. */
@Command(name = "recall", mixinStandardHelpOptions = true,
         description = "Recall (revoke) a message the bot sent, by the id 'send' printed (<platform>:message, "
                       + "operation recall).")
public class RecallCommand extends BaseCommand {

    @Parameters(paramLabel = "MESSAGE_ID", description = "The id 'send' printed.")
    String messageId;

    @Override
    public Integer call() {
        PlatformSpec platform = platform();
        try (ChatRuntime runtime = runtime(platform, null)) {
            runtime.call("message?operation=recall", e -> {
                e.getMessage().setHeader(ChatHeaders.MESSAGE_ID, messageId);
                e.getMessage().setBody(messageId);
            });
        }
        output().result(Output.fields("platform", platform.name(), "recalled", messageId), "recalled " + messageId);
        return ExitCodes.OK;
    }
}
