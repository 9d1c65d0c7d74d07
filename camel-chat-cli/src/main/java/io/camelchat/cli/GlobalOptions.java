package io.camelchat.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import picocli.CommandLine.Option;

/**
 * The options every command takes, before or after its name. Difft's {@code --appid}, {@code --secret},
 * {@code --botid} and {@code --host} are those of Difft's {@code difft-cli}.
 */
public class GlobalOptions {

    @Option(names = { "-p", "--platform" }, paramLabel = "PLATFORM",
            description = "dingtalk, lark, symphony, openim or difft (default: $CAMEL_CHAT_PLATFORM; difft when "
                          + "Difft's flags are given or a .difft.cfg is found).")
    String platform;

    @Option(names = "--output", paramLabel = "FORMAT",
            description = "text (default, or $CAMEL_CHAT_OUTPUT) or json (one JSON object per line).")
    Output.Format output;

    @Option(names = "--config", paramLabel = "FILE",
            description = "One configuration file with a [platform] section each, read instead of the "
                          + ".camel-chat folder (default: $CAMEL_CHAT_CONFIG).")
    Path config;

    @Option(names = "--set", paramLabel = "OPTION=VALUE",
            description = "A component option (e.g. --set clientSecret=...); overrides files and environment.")
    Map<String, String> set;

    @Option(names = { "-q", "--quiet" }, description = "No progress line on standard error.")
    Boolean quiet;

    @Option(names = { "-v", "--verbose" }, description = "Log Camel and the component at INFO on standard error.")
    Boolean verbose;

    @Option(names = "--appid", paramLabel = "ID", description = "Difft: the app id (option appId).")
    String appid;

    @Option(names = { "-s", "--secret" }, paramLabel = "SECRET",
            description = "Difft: the app secret (option appSecret).")
    String secret;

    @Option(names = "--botid", paramLabel = "WUID", description = "Difft: the bot's wuid (option botId).")
    String botid;

    @Option(names = "--host", paramLabel = "URL", description = "Difft: the API's base URL (option apiUrl).")
    String host;

    /** This command's options over the parent's. */
    GlobalOptions over(GlobalOptions parent) {
        GlobalOptions g = new GlobalOptions();
        g.platform = platform != null ? platform : parent.platform;
        g.output = output != null ? output : parent.output;
        g.config = config != null ? config : parent.config;
        g.quiet = quiet != null ? quiet : parent.quiet;
        g.verbose = verbose != null ? verbose : parent.verbose;
        g.appid = appid != null ? appid : parent.appid;
        g.secret = secret != null ? secret : parent.secret;
        g.botid = botid != null ? botid : parent.botid;
        g.host = host != null ? host : parent.host;
        g.set = new LinkedHashMap<>();
        if (parent.set != null) {
            g.set.putAll(parent.set);
        }
        if (set != null) {
            g.set.putAll(set);
        }
        return g;
    }

    /** Whether Difft's own flags were given (then Difft is the platform unless another is named). */
    boolean difftFlags() {
        return appid != null || secret != null || botid != null || host != null;
    }

    /** The flags as option values: {@code --set} pairs, then Difft's flags under their aliases. */
    Map<String, String> flagValues() {
        Map<String, String> flags = new LinkedHashMap<>();
        if (set != null) {
            flags.putAll(set);
        }
        if (appid != null) {
            flags.put("appid", appid);
        }
        if (secret != null) {
            flags.put("secret", secret);
        }
        if (botid != null) {
            flags.put("botid", botid);
        }
        if (host != null) {
            flags.put("host", host);
        }
        return flags;
    }
}
