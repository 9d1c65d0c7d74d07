package io.camelchat.cli;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;

import io.camelchat.cli.config.CliEnvironment;
import io.camelchat.cli.config.ConfigResolver;
import io.camelchat.cli.config.DifftConfigFile;
import io.camelchat.cli.config.ResolvedConfig;
import io.camelchat.cli.platform.PlatformSpec;
import io.camelchat.cli.platform.Platforms;
import org.apache.camel.RoutesBuilder;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What the commands share: the global options, the platform, its configuration and a started component. */
public abstract class BaseCommand implements Callable<Integer> {

    @Mixin
    GlobalOptions local;

    @ParentCommand
    CamelChatCli root;

    @Spec
    CommandSpec spec;

    private GlobalOptions options;

    protected GlobalOptions options() {
        if (options == null) {
            options = local.over(root != null ? root.global : new GlobalOptions());
        }
        return options;
    }

    protected CliEnvironment environment() {
        return root != null ? root.environment : CliEnvironment.current();
    }

    protected PrintStream err() {
        return root != null ? root.err : System.err;
    }

    protected PrintStream stdout() {
        return root != null ? root.out : System.out;
    }

    protected Output output() {
        Output.Format format = options().output;
        if (format == null) {
            String v = environment().variable("CAMEL_CHAT_OUTPUT");
            format = "json".equalsIgnoreCase(v) ? Output.Format.json : Output.Format.text;
        }
        return new Output(format, stdout());
    }

    protected boolean quiet() {
        return Boolean.TRUE.equals(options().quiet);
    }

    /** The platform named by {@code --platform}, {@code $CAMEL_CHAT_PLATFORM}, or Difft's own flags or file. */
    protected PlatformSpec platform() {
        String name = options().platform;
        if (name == null) {
            name = environment().variable("CAMEL_CHAT_PLATFORM");
        }
        if (name == null && (options().difftFlags() || DifftConfigFile.locate(environment()).isPresent())) {
            // a difft-cli user's habits: its flags or its .difft.cfg mean Difft
            name = "difft";
        }
        if (name == null) {
            throw CliException
                    .usage("which platform? use --platform (" + Platforms.names() + ") or set CAMEL_CHAT_PLATFORM");
        }
        String n = name;
        return Platforms.find(n).orElseThrow(
                () -> CliException.usage("unknown platform '" + n + "'; the platforms are " + Platforms.names()));
    }

    protected ConfigResolver resolver() {
        return new ConfigResolver(environment(), options().config);
    }

    protected ResolvedConfig config(PlatformSpec platform) {
        Map<String, String> flags = options().flagValues();
        return resolver().resolve(platform, flags);
    }

    /** The platform's component, configured and started (the configuration complete, or exit status 3). */
    protected ChatRuntime runtime(PlatformSpec platform, RoutesBuilder routes) {
        ResolvedConfig config = config(platform).requireComplete();
        return ChatRuntime.start(config, routes);
    }

    /** {@code to=RAW(...)}: ids pass as written ({@code +} and {@code &} included). */
    protected static String toParameter(String target) {
        return "to=RAW(" + target + ")";
    }
}
