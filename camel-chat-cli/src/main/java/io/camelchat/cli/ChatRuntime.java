package io.camelchat.cli;

import java.util.LinkedHashMap;
import java.util.function.Consumer;

import io.camelchat.cli.config.ResolvedConfig;
import io.camelchat.cli.platform.PlatformSpec;
import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.PropertyBindingSupport;

/**
 * A Camel context holding one platform's component, configured with the resolved options (set on the component, never
 * written into an endpoint URI), and a producer template: every command goes through the component.
 */
public final class ChatRuntime implements AutoCloseable {

    private final PlatformSpec platform;
    private final CamelContext context;
    private final ProducerTemplate template;

    private ChatRuntime(PlatformSpec platform, CamelContext context) {
        this.platform = platform;
        this.context = context;
        this.template = context.createProducerTemplate();
    }

    /** Starts Camel with the platform's component configured and the given routes (or none). */
    public static ChatRuntime start(ResolvedConfig config, RoutesBuilder routes) {
        PlatformSpec platform = config.platform();
        if (!platform.available()) {
            throw CliException.usage("the " + platform.name() + " component is not in this build of camel-chat");
        }
        DefaultCamelContext context = new DefaultCamelContext();
        context.getCamelContextExtension().setName("camel-chat");
        context.getShutdownStrategy().setTimeout(5);
        context.getShutdownStrategy().setLogInflightExchangesOnTimeout(false);
        try {
            Component component = context.getComponent(platform.name());
            PropertyConfigurer configurer = PluginHelper.getConfigurerResolver(context)
                    .resolvePropertyConfigurer(platform.name() + "-component", context);
            PropertyBindingSupport.build().withCamelContext(context).withTarget(component).withConfigurer(configurer)
                    .withProperties(new LinkedHashMap<>(config.asMap())).withMandatory(true).withIgnoreCase(true)
                    .withRemoveParameters(false).bind();
            if (routes != null) {
                context.addRoutes(routes);
            }
            context.start();
        } catch (Exception e) {
            context.stop();
            throw Failures.translate(platform, e);
        }
        return new ChatRuntime(platform, context);
    }

    public CamelContext context() {
        return context;
    }

    /**
     * Sends one exchange to {@code <platform>:<path>} and returns it; a failure becomes a {@link CliException} with
     * the exit status it deserves.
     */
    public Exchange call(String path, Consumer<Exchange> prepare) {
        Exchange exchange = template.send(platform.name() + ":" + path, prepare::accept);
        if (exchange.getException() != null) {
            throw Failures.translate(platform, exchange.getException());
        }
        return exchange;
    }

    @Override
    public void close() {
        try {
            template.stop();
        } finally {
            context.stop();
        }
    }
}
