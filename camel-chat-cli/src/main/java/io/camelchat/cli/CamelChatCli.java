package io.camelchat.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;

import io.camelchat.cli.config.CliEnvironment;
import io.camelchat.cli.config.ConfigFileException;
import io.camelchat.cli.config.MissingConfigurationException;
import io.camelchat.cli.config.UnknownOptionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code camel-chat}: the command-line tool of camel-chat. */
@Command(name = "camel-chat", mixinStandardHelpOptions = true, versionProvider = Version.class,
         description = { "Send, recall, upload, download, look up and listen on DingTalk, Lark, Symphony, OpenIM and "
                         + "Difft through the camel-chat components; run their simulators.",
                 "Configuration: --set, CAMEL_CHAT_<PLATFORM>_<OPTION>, ./.camel-chat/ or ~/.camel-chat/ "
                                                                                             + "(config.ini with a [platform] section "
                                                                                             + "each, or <platform>.ini); Difft also "
                                                                                             + "reads .difft.cfg." },
         subcommands = { SendCommand.class, CardCommand.class, RecallCommand.class, UploadCommand.class,
                 DownloadCommand.class, UserCommand.class, GroupCommand.class, ListenCommand.class,
                 ConfigCommand.class, SimulateCommand.class, CompletionCommand.class },
         exitCodeListHeading = "%nExit codes:%n",
         exitCodeList = { "0:done",
                 "1:the platform refused or failed the call, or cannot be reached",
                 "2:bad flags, arguments or targets; an operation the platform does not have",
                 "3:missing configuration; an unreadable configuration file or an unknown option in it",
                 "4:a local file cannot be read or written",
                 "5:listen --timeout ended before --count messages arrived",
                 "130:stopped with Ctrl-C" })
public final class CamelChatCli implements Callable<Integer> {

    /** Set by {@code -v}: failures print their stack traces. */
    static final String VERBOSE = "camelchat.verbose";

    @Mixin
    GlobalOptions global;

    final CliEnvironment environment;
    final PrintStream out;
    final PrintStream err;

    CamelChatCli(CliEnvironment environment, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(err);
        return ExitCodes.USAGE;
    }

    public static void main(String[] args) {
        if (Arrays.asList(args).contains("-v") || Arrays.asList(args).contains("--verbose")) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
            System.setProperty(VERBOSE, "true");
        }
        System.exit(run(args, CliEnvironment.current(), System.out, System.err));
    }

    /** Runs one command line and returns its exit status. */
    public static int run(String[] args, CliEnvironment environment, PrintStream out, PrintStream err) {
        CamelChatCli cli = new CamelChatCli(environment, out, err);
        CommandLine cl = commandLine(cli);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            int code = exitCode(e);
            err.println("camel-chat: " + message(e));
            if (Boolean.getBoolean(VERBOSE) || code == ExitCodes.REMOTE && e.getCause() == null
                    && !(e instanceof CliException)) {
                e.printStackTrace(err);
            }
            return code;
        });
        return cl.execute(args);
    }

    static CommandLine commandLine(CamelChatCli cli) {
        CommandLine cl = new CommandLine(cli);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.USAGE);
        cl.getCommandSpec().exitCodeOnExecutionException(ExitCodes.REMOTE);
        return cl;
    }

    static int exitCode(Throwable e) {
        if (e instanceof CliException c) {
            return c.exitCode();
        }
        if (e instanceof MissingConfigurationException || e instanceof ConfigFileException) {
            return ExitCodes.CONFIG;
        }
        if (e instanceof UnknownOptionException u) {
            return u.fromCommandLine() ? ExitCodes.USAGE : ExitCodes.CONFIG;
        }
        return ExitCodes.REMOTE;
    }

    private static String message(Throwable e) {
        if (e instanceof CliException || e instanceof MissingConfigurationException || e instanceof ConfigFileException
                || e instanceof UnknownOptionException) {
            return e.getMessage();
        }
        return "unexpected error: " + e;
    }
}
