package io.camelchat.cli;

import java.util.List;

import io.camelchat.cli.platform.PlatformSpec;
import org.apache.camel.Exchange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code user}: look users up through {@code <platform>:directory}. */
@Command(name = "user", mixinStandardHelpOptions = true,
         description = { "Look a user up (<platform>:directory): by id, or KIND:VALUE as the component reads it "
                         + "(dingtalk user:/mobile:, lark open_id:/user_id:/union_id:/email:/mobile:, symphony "
                         + "user:/email:/username:, openim user:ID,ID..., difft user:/email:).",
                 "A bare id is the platform's user id." })
public class UserCommand extends BaseCommand {

    @Parameters(paramLabel = "USER", arity = "1..*", description = "An id or KIND:VALUE (one look-up each).")
    List<String> users;

    @Override
    public Integer call() {
        PlatformSpec platform = platform();
        try (ChatRuntime runtime = runtime(platform, null)) {
            for (String user : users) {
                String target = user.contains(":") ? user : platform.defaultUserKind() + ":" + user;
                Exchange result = runtime.call("directory?" + toParameter(target), e -> {
                });
                output().document(Output.toJson(result.getMessage().getBody()));
            }
        }
        return ExitCodes.OK;
    }
}
