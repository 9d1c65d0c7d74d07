package io.camelchat.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.camelchat.cli.platform.PlatformSpec;
import io.camelchat.cli.platform.Platforms;
import io.camelchat.cli.simulate.ControlApi;
import io.camelchat.simulator.standalone.RunningSimulator;
import io.camelchat.simulator.standalone.SimulatedPlatform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code simulate}: the simulators, standalone, with the control API to play their users. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
         description = { "Start the platforms' simulators on the loopback interface (given or free ports) and print "
                         + "their base URLs, test credentials and component options, then the URL of the control API "
                         + "that plays their users (see the README). Runs until Ctrl-C.",
                 "Without platforms: all of them (dingtalk, lark, symphony, openim, difft)." })
public class SimulateCommand extends BaseCommand {

    @Parameters(paramLabel = "PLATFORM", arity = "0..*", description = "The platforms to simulate.")
    List<String> platforms;

    @Option(names = "--port", paramLabel = "[PLATFORM=]PORT",
            description = "The port of a platform's simulator (symphony uses it and the 3 after it, openim it and the "
                          + "next); a bare number when one platform is simulated. Default: free ports.")
    List<String> ports;

    @Option(names = "--control-port", paramLabel = "PORT", description = "The control API's port (default: free).")
    int controlPort;

    @Option(names = "--write-config", paramLabel = "FILE",
            description = "Also write a configuration file pointing each platform at its simulator (for --config).")
    Path writeConfig;

    @Override
    public Integer call() throws Exception {
        List<SimulatedPlatform> chosen = new ArrayList<>();
        try {
            if (platforms == null || platforms.isEmpty()) {
                chosen.addAll(List.of(SimulatedPlatform.values()));
            } else {
                for (String p : platforms) {
                    chosen.add(SimulatedPlatform.of(p));
                }
            }
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
        Map<SimulatedPlatform, Integer> portOf = ports(chosen);
        List<RunningSimulator> running = new ArrayList<>();
        ControlApi control = null;
        CountDownLatch stopped = new CountDownLatch(1);
        try {
            for (SimulatedPlatform p : chosen) {
                try {
                    running.add(p.start(portOf.getOrDefault(p, 0)));
                } catch (RuntimeException e) {
                    throw new CliException(ExitCodes.LOCAL_IO,
                            "cannot start the " + p.displayName() + " simulator: " + e.getMessage(), e);
                }
            }
            control = ControlApi.start(running, controlPort);
            if (writeConfig != null) {
                writeConfig(running);
            }
            print(running, control);
            ControlApi api = control;
            Thread hook = new Thread(() -> {
                api.close();
                running.forEach(RunningSimulator::close);
                stopped.countDown();
            }, "camel-chat-simulate-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            stopped.await();
            return ExitCodes.OK;
        } catch (RuntimeException | IOException e) {
            if (control != null) {
                control.close();
            }
            running.forEach(RunningSimulator::close);
            if (e instanceof IOException io) {
                throw new CliException(ExitCodes.LOCAL_IO, "cannot start the control API: " + io.getMessage(), io);
            }
            throw e;
        }
    }

    private Map<SimulatedPlatform, Integer> ports(List<SimulatedPlatform> chosen) {
        Map<SimulatedPlatform, Integer> map = new LinkedHashMap<>();
        if (ports == null) {
            return map;
        }
        for (String p : ports) {
            int eq = p.indexOf('=');
            try {
                if (eq < 0) {
                    if (chosen.size() != 1) {
                        throw CliException.usage("--port " + p + ": name the platform (PLATFORM=PORT) when simulating "
                                                 + "several");
                    }
                    map.put(chosen.get(0), Integer.parseInt(p.trim()));
                } else {
                    map.put(SimulatedPlatform.of(p.substring(0, eq)), Integer.parseInt(p.substring(eq + 1).trim()));
                }
            } catch (NumberFormatException e) {
                throw CliException.usage("--port " + p + ": not a port number");
            } catch (IllegalArgumentException e) {
                throw CliException.usage("--port " + p + ": " + e.getMessage());
            }
        }
        return map;
    }

    private void print(List<RunningSimulator> running, ControlApi control) {
        Output output = output();
        if (output.json()) {
            running.forEach(s -> output.line(ControlApi.describe(s)));
            output.line(Output.MAPPER.createObjectNode().put("control", control.url()));
            return;
        }
        var out = stdout();
        for (RunningSimulator s : running) {
            s.describe().forEach(out::println);
            out.println("  component options: " + s.endpointOptions().keySet());
            String user = Platforms.find(s.scheme()).map(PlatformSpec::defaultUserKind).orElse("user") + ":" + s.user();
            out.println("  try: camel-chat send -p " + s.scheme() + " --to " + user + " -m hello "
                        + (writeConfig != null ? "--config " + writeConfig : setFlags(s)));
            out.println();
        }
        out.println("control API: " + control.url() + " (e.g. curl -d '{\"text\":\"hi\"}' " + control.url()
                    + running.get(0).scheme() + "/messages)");
        out.println("Ctrl-C stops the simulators.");
        out.flush();
    }

    private static String setFlags(RunningSimulator s) {
        StringBuilder sb = new StringBuilder();
        s.endpointOptions().forEach((k, v) -> sb.append(" --set ").append(k).append('=').append(v));
        return sb.toString().trim();
    }

    private void writeConfig(List<RunningSimulator> running) {
        StringBuilder sb = new StringBuilder(
                "# written by camel-chat simulate: each platform pointed at its simulator\n");
        for (RunningSimulator s : running) {
            sb.append('[').append(s.scheme()).append("]\n");
            s.endpointOptions().forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
            sb.append('\n');
        }
        try {
            Files.writeString(writeConfig, sb.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException(ExitCodes.LOCAL_IO, "cannot write " + writeConfig + ": " + e.getMessage(), e);
        }
    }
}
