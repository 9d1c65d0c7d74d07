package io.camelchat.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code completion}: the bash (and zsh) completion script. */
@Command(name = "completion", mixinStandardHelpOptions = true,
         description = { "Print the shell completion script for bash and zsh.",
                 "bash: source <(camel-chat completion); zsh: autoload -U +X bashcompinit && bashcompinit, "
                                                                                + "then the same." })
public class CompletionCommand extends BaseCommand {

    @Override
    public Integer call() {
        CommandLine top = spec.parent() != null ? spec.parent().commandLine() : spec.commandLine();
        stdout().print(AutoComplete.bash("camel-chat", top));
        stdout().flush();
        return ExitCodes.OK;
    }
}
