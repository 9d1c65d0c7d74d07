package io.camelchat.it.scale;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

import io.camelchat.common.ChatHeaders;
import io.camelchat.it.nodes.NodeProcess;
import org.apache.camel.Component;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.PropertyBindingSupport;

/**
 * One node of a scaled-out application, run in its own JVM by {@link NodeProcess}: a Camel context with one route
 * from a platform's consumer ({@code uri}) that reports every exchange it handled as a line
 * {@code HANDLED <node> <CamelChatMessageId>} on standard output, after {@code handleDelayMs} of "work". It prints
 * {@code READY} once the route runs. Configuration entries: {@code scheme}, {@code uri}, {@code node},
 * {@code handleDelayMs}, and {@code option.<name>} for every component option (bound through the component's
 * generated configurer, as Camel Main would). Logging goes to standard error, which {@link NodeProcess} writes to
 * the node's log file.
 */
public final class ScaleNode {

    private ScaleNode() {
    }

    public static void main(String[] args) throws Exception {
        // the report lines own standard output; everything else (Log4j's console appender) goes to standard error
        PrintStream report = System.out;
        System.setOut(System.err);
        Properties p = NodeProcess.readConfig(args);
        String scheme = p.getProperty("scheme");
        String uri = p.getProperty("uri");
        String node = p.getProperty("node");
        long delay = Long.parseLong(p.getProperty("handleDelayMs", "0"));
        Map<String, Object> options = new LinkedHashMap<>();
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith("option.")) {
                options.put(k.substring("option.".length()), p.getProperty(k));
            }
        }
        DefaultCamelContext context = new DefaultCamelContext();
        context.getShutdownStrategy().setTimeout(5);
        Component component = context.getComponent(scheme);
        PropertyConfigurer configurer = PluginHelper.getConfigurerResolver(context)
                .resolvePropertyConfigurer(scheme + "-component", context);
        PropertyBindingSupport.build().withCamelContext(context).withTarget(component).withConfigurer(configurer)
                .withProperties(options).withMandatory(true).withRemoveParameters(false).bind();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId("scale-" + node).process(e -> {
                    if (delay > 0) {
                        Thread.sleep(delay);
                    }
                    String id = e.getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class);
                    synchronized (report) {
                        report.println("HANDLED " + node + " " + id);
                        report.flush();
                    }
                });
            }
        });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            context.stop();
            stopped.countDown();
        }));
        context.start();
        synchronized (report) {
            report.println("READY " + node);
            report.flush();
        }
        stopped.await();
    }
}
