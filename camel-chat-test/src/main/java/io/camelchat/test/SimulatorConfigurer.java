package io.camelchat.test;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.camelchat.simulator.standalone.RunningSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.support.PropertyBindingSupport;

/**
 * Points a Camel context's chat components at running simulators, with no Camel Main, Spring Boot or Quarkus needed:
 * each simulator's {@link RunningSimulator#endpointOptions() options} are set on its component (now when the context
 * already has it, else when the context creates it), and its {@link RunningSimulator#camelProperties() properties}
 * are added to the context's initial properties (the lowest priority), so that
 * {@code {{camel.component.lark.apiUrl}}} resolves too.
 * Options set later on the component or on an endpoint's URI win.
 */
public final class SimulatorConfigurer {

    private SimulatorConfigurer() {
    }

    /** Points the context at these simulators. */
    public static void configure(CamelContext context, RunningSimulator... simulators) {
        configure(context, Arrays.asList(simulators));
    }

    /** Points the context at these simulators. */
    public static void configure(CamelContext context, Collection<RunningSimulator> simulators) {
        List<RunningSimulator> sims = List.copyOf(simulators);
        PropertiesComponent pc = context.getPropertiesComponent();
        for (RunningSimulator sim : sims) {
            sim.camelProperties().forEach(pc::addInitialProperty);
        }
        for (RunningSimulator sim : sims) {
            Component existing = context.hasComponent(sim.scheme());
            if (existing != null) {
                bind(context, existing, sim);
            }
        }
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onComponentAdd(String name, Component component) {
                for (RunningSimulator sim : sims) {
                    if (sim.scheme().equals(name)) {
                        bind(context, component, sim);
                    }
                }
            }
        });
    }

    private static void bind(CamelContext context, Component component, RunningSimulator sim) {
        Map<String, Object> options = new LinkedHashMap<>(sim.endpointOptions());
        PropertyBindingSupport.build().withCamelContext(context).withTarget(component)
                .withConfigurer(component.getComponentPropertyConfigurer()).withProperties(options).withMandatory(true)
                .withRemoveParameters(false).bind();
    }
}
