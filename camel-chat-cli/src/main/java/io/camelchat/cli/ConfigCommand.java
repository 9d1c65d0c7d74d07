package io.camelchat.cli;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelchat.cli.config.ConfigValue;
import io.camelchat.cli.config.ResolvedConfig;
import io.camelchat.cli.platform.ComponentOptions;
import io.camelchat.cli.platform.PlatformSpec;
import io.camelchat.cli.platform.Platforms;
import io.camelchat.cli.platform.Requirement;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code config}: the effective configuration, secrets masked. */
@Command(name = "config", mixinStandardHelpOptions = true,
         description = { "Show the effective configuration of the platform (every platform without --platform): each "
                         + "option set, where it comes from and its value, secrets masked; the places read; what is "
                         + "missing. No value of a secret is ever printed.",
                 "With --check the exit status is 3 when something required is missing." })
public class ConfigCommand extends BaseCommand {

    @Option(names = "--all", description = "Also list every option of the component with its description.")
    boolean all;

    @Option(names = "--check", description = "Exit with status 3 when a required option is missing.")
    boolean check;

    @Override
    public Integer call() {
        boolean named = options().platform != null || environment().variable("CAMEL_CHAT_PLATFORM") != null
                || options().difftFlags();
        List<PlatformSpec> platforms = named ? List.of(platform()) : Platforms.ALL;
        Output output = output();
        boolean complete = true;
        for (PlatformSpec p : platforms) {
            ResolvedConfig config = config(p);
            complete &= config.missing().isEmpty();
            if (output.json()) {
                output.line(json(p, config));
            } else {
                text(p, config);
            }
        }
        if (check && !complete) {
            err().println("camel-chat: configuration incomplete (see 'missing')");
            return ExitCodes.CONFIG;
        }
        return ExitCodes.OK;
    }

    private ObjectNode json(PlatformSpec p, ResolvedConfig config) {
        ObjectNode o = Output.MAPPER.createObjectNode();
        o.put("platform", p.name());
        o.put("available", p.available());
        ArrayNode read = o.putArray("sources");
        config.origins().forEach(read::add);
        ObjectNode values = o.putObject("options");
        for (ConfigValue v : config.values().values()) {
            ObjectNode n = values.putObject(v.option());
            n.put("value", v.shown());
            n.put("secret", v.secret());
            n.put("source", v.origin());
        }
        ArrayNode missing = o.putArray("missing");
        config.missing().stream().map(Requirement::describe).forEach(missing::add);
        if (all) {
            ObjectNode known = o.putObject("componentOptions");
            for (Map.Entry<String, ComponentOptions.Option> e : p.options().all().entrySet()) {
                ObjectNode n = known.putObject(e.getKey());
                n.put("description", e.getValue().description());
                n.put("secret", e.getValue().secret());
                if (e.getValue().defaultValue() != null) {
                    n.put("default", e.getValue().defaultValue());
                }
                n.put("environment", p.environmentVariable(e.getKey()));
            }
        }
        return o;
    }

    private void text(PlatformSpec p, ResolvedConfig config) {
        var out = stdout();
        out.println("[" + p.name() + "]" + (p.available() ? "" : "  (component not in this build)"));
        if (config.origins().isEmpty()) {
            out.println("  # nothing configured; put options in " + resolver().placeFor(p));
        } else {
            config.origins().forEach(o -> out.println("  # read: " + o));
        }
        for (ConfigValue v : config.values().values()) {
            out.println("  " + v.option() + " = " + v.shown() + "    # " + v.origin());
        }
        for (Requirement r : config.missing()) {
            out.println("  # missing: " + r.describe());
        }
        if (all) {
            out.println("  # options of the component:");
            p.options().all().forEach((name, o) -> out.println("  #   " + name + (o.secret() ? " (secret)" : "")
                                                               + (o.defaultValue() != null ? " [" + o.defaultValue()
                                                                                             + "]"
                                                                       : "")
                                                               + ": " + o.description()));
        }
        out.println();
        out.flush();
    }
}
