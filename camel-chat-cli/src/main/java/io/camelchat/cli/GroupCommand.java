package io.camelchat.cli;

import io.camelchat.cli.platform.PlatformSpec;
import io.camelchat.cli.platform.PlatformSpec.DirectoryCall;
import org.apache.camel.Exchange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code group}: a group's details or members, or the bot's groups, through {@code <platform>:directory}. */
@Command(name = "group", mixinStandardHelpOptions = true,
         description = { "Look groups up (<platform>:directory): a group's details (dingtalk, symphony rooms, "
                         + "openim), its members with --members (dingtalk, openim, difft), or without an id the bot's "
                         + "groups (lark chats, difft groups)." })
public class GroupCommand extends BaseCommand {

    @Parameters(paramLabel = "GROUP_ID", arity = "0..1", description = "The group (chat, room, stream).")
    String groupId;

    @Option(names = "--members", description = "The group's members instead of its details.")
    boolean members;

    @Override
    public Integer call() {
        PlatformSpec platform = platform();
        DirectoryCall call = groupId == null ? platform.listGroups() : members ? platform.groupMembers()
                : platform.getGroup();
        if (call == null) {
            String what = groupId == null ? "listing the bot's groups (give a group id)"
                    : members ? "listing a group's members" : "a group's details";
            throw CliException.usage(platform.name() + " has no directory call for " + what);
        }
        String path = "directory?operation=" + call.operation()
                      + (call.targetKind() != null ? "&" + toParameter(call.targetKind() + ":" + groupId) : "");
        try (ChatRuntime runtime = runtime(platform, null)) {
            Exchange result = runtime.call(path, e -> {
            });
            output().document(Output.toJson(result.getMessage().getBody()));
        }
        return ExitCodes.OK;
    }
}
