package io.camelchat.test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.camelchat.simulator.standalone.RunningSimulator;
import io.camelchat.simulator.standalone.SimulatedPlatform;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelContextTracker;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * Runs chat platform simulators for a test class and points the Camel components at them, so that a test drives its
 * own routes the way camel-chat's integration tests do: a simulated user sends the bot a message over the platform's
 * real protocol, the route's consumer receives it, and the test reads what the route's producer sent.
 *
 * <p>
 * Which simulators: those {@link ChatSimulators} names on the test class, those of {@link ChatSimulator} fields and
 * parameters, and those given to {@link #of(String...)}. Each starts once per test class (before {@code @BeforeAll}
 * methods) with the test credentials of {@link SimulatedPlatform} and stops after the class.
 *
 * <p>
 * How the components find them: every {@link CamelContext} created while the class runs (a plain
 * {@code new DefaultCamelContext()}, {@code CamelTestSupport}'s, ...) gets each simulator's options on its component
 * and its {@code camel.component.<scheme>.*} properties as initial properties ({@link SimulatorConfigurer}); a
 * context created before (in a field initializer of a {@code PER_CLASS} test) is pointed at them with
 * {@link #configure(CamelContext)}. For Camel Main, Spring Boot or Quarkus tests, hand
 * {@link #camelProperties()} to the framework's test properties. The simulators' state (messages sent and received)
 * lasts for the class: assert on texts a test sent itself, or use distinct texts per test.
 *
 * <p>
 * What the test gets: {@link ChatSimulator} fields and parameters of type {@link RunningSimulator} (play users, read
 * what the bot sent) or of the platform's own simulator class; parameters of type {@link RunningSimulator} need no
 * annotation when the class runs one platform.
 *
 * <p>
 * The contexts are found through Camel's {@link CamelContextTracker}, which is JVM-wide: test classes that run in
 * parallel in one JVM would point each other's contexts at their simulators; run such classes in the same thread, or
 * call {@link #configure(CamelContext)} on {@code @RegisterExtension} instances instead.
 */
public class ChatSimulatorExtension implements BeforeAllCallback, TestInstancePostProcessor, BeforeEachCallback,
        ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
            .create(ChatSimulatorExtension.class);

    private final List<SimulatedPlatform> given;
    private volatile Simulators current;

    /** Used by {@link ChatSimulators} and {@code @ExtendWith}. */
    public ChatSimulatorExtension() {
        this(List.of());
    }

    private ChatSimulatorExtension(List<SimulatedPlatform> given) {
        this.given = List.copyOf(given);
    }

    /**
     * For {@code @RegisterExtension static ChatSimulatorExtension chat = ChatSimulatorExtension.of("lark");}: runs
     * these platforms' simulators (schemes or names, any case).
     *
     * @throws IllegalArgumentException naming the known platforms when one is not
     */
    public static ChatSimulatorExtension of(String... platforms) {
        List<SimulatedPlatform> list = new ArrayList<>();
        for (String p : platforms) {
            list.add(SimulatedPlatform.of(p));
        }
        return new ChatSimulatorExtension(list);
    }

    // ---------------------------------------------------------------- what a registered instance offers

    /**
     * The running simulator of a platform (a scheme or name).
     *
     * @throws IllegalStateException when the extension has not started yet, or the platform is not one it runs
     */
    public RunningSimulator get(String platform) {
        return simulators().get(SimulatedPlatform.of(platform));
    }

    /** Every running simulator, in the order they started. */
    public Collection<RunningSimulator> all() {
        return simulators().all();
    }

    /** The {@code camel.component.<scheme>.*} properties of every running simulator. */
    public Map<String, String> camelProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        all().forEach(s -> p.putAll(s.camelProperties()));
        return p;
    }

    /** Points a context at every running simulator (for contexts made before the extension started). */
    public void configure(CamelContext context) {
        SimulatorConfigurer.configure(context, all());
    }

    private Simulators simulators() {
        Simulators s = current;
        if (s == null || s.closed) {
            throw new IllegalStateException("the chat simulators run only while a test class that uses them runs");
        }
        return s;
    }

    // ---------------------------------------------------------------- JUnit callbacks

    @Override
    public void beforeAll(ExtensionContext context) throws IllegalAccessException {
        Simulators sims = simulators(context);
        for (Field f : annotatedFields(context.getRequiredTestClass())) {
            if (Modifier.isStatic(f.getModifiers())) {
                inject(sims, f, null);
            }
        }
    }

    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) throws IllegalAccessException {
        Simulators sims = simulators(context);
        for (Field f : annotatedFields(testInstance.getClass())) {
            if (!Modifier.isStatic(f.getModifiers())) {
                inject(sims, f, testInstance);
            }
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        // an extension registered on an instance field only sees the instance: start if nothing did yet
        simulators(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return parameter.isAnnotated(ChatSimulator.class) || type == RunningSimulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Simulators sims = simulators(context);
        Optional<ChatSimulator> a = parameter.findAnnotation(ChatSimulator.class);
        try {
            return sims.resolve(a.map(ChatSimulator::value).orElse(""), parameter.getParameter().getType());
        } catch (IllegalArgumentException e) {
            throw new ParameterResolutionException(parameter.getParameter() + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- the class's simulators

    /** The simulators of the test class: started by the first callback, closed with the class's context. */
    private Simulators simulators(ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        Simulators sims = classContext.getStore(NAMESPACE).getOrComputeIfAbsent(Simulators.class,
                k -> new Simulators(), Simulators.class);
        sims.start(platformsOf(classContext.getRequiredTestClass()));
        current = sims;
        return sims;
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    private Set<SimulatedPlatform> platformsOf(Class<?> testClass) {
        Set<SimulatedPlatform> platforms = new LinkedHashSet<>(given);
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            Class<?> where = c;
            AnnotationSupport.findAnnotation(c, ChatSimulators.class)
                    .ifPresent(a -> List.of(a.value()).forEach(p -> platforms.add(platform(p, where))));
            for (Field f : annotatedFields(c)) {
                String name = f.getAnnotation(ChatSimulator.class).value();
                if (!name.isEmpty()) {
                    platforms.add(platform(name, c));
                } else {
                    nativeType(f.getType()).ifPresent(platforms::add);
                }
            }
        }
        return platforms;
    }

    private static SimulatedPlatform platform(String name, Class<?> where) {
        try {
            return SimulatedPlatform.of(name);
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(where.getName() + ": " + e.getMessage(), e);
        }
    }

    private static List<Field> annotatedFields(Class<?> testClass) {
        return AnnotationSupport.findAnnotatedFields(testClass, ChatSimulator.class, f -> true,
                HierarchyTraversalMode.TOP_DOWN);
    }

    private static void inject(Simulators sims, Field f, Object instance) throws IllegalAccessException {
        Object value;
        try {
            value = sims.resolve(f.getAnnotation(ChatSimulator.class).value(), f.getType());
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(f + ": " + e.getMessage(), e);
        }
        f.setAccessible(true);
        f.set(instance, value);
    }

    /** The platform whose simulator class this is (DingTalkSimulator, ...), if one. */
    static Optional<SimulatedPlatform> nativeType(Class<?> type) {
        String name = type.getName();
        for (SimulatedPlatform p : SimulatedPlatform.values()) {
            if (name.startsWith("io.camelchat.simulator." + p.scheme() + ".")) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The running simulators of one test class, and the tracker pointing new Camel contexts at them. */
    static final class Simulators implements AutoCloseable, ExtensionContext.Store.CloseableResource {

        private final Map<SimulatedPlatform, RunningSimulator> running = new LinkedHashMap<>();
        private CamelContextTracker tracker;
        private volatile boolean closed;

        synchronized void start(Set<SimulatedPlatform> platforms) {
            List<RunningSimulator> started = new ArrayList<>();
            try {
                for (SimulatedPlatform p : platforms) {
                    if (!running.containsKey(p)) {
                        RunningSimulator sim = p.start();
                        started.add(sim);
                        running.put(p, sim);
                    }
                }
            } catch (RuntimeException e) {
                started.forEach(RunningSimulator::close);
                started.forEach(s -> running.remove(s.platform()));
                throw e;
            }
            if (tracker == null && !running.isEmpty()) {
                tracker = new CamelContextTracker() {
                    @Override
                    public void contextCreated(CamelContext camelContext) {
                        SimulatorConfigurer.configure(camelContext, all());
                    }
                };
                tracker.open();
            }
        }

        synchronized List<RunningSimulator> all() {
            return List.copyOf(running.values());
        }

        synchronized RunningSimulator get(SimulatedPlatform platform) {
            RunningSimulator sim = running.get(platform);
            if (sim == null) {
                throw new IllegalStateException("no " + platform.displayName() + " simulator runs for this test class"
                                                + " (name it in @ChatSimulators); running: " + running.keySet());
            }
            return sim;
        }

        /** The value for a field or parameter of this type, with this platform name (may be empty). */
        synchronized Object resolve(String name, Class<?> type) {
            SimulatedPlatform platform;
            if (!name.isEmpty()) {
                platform = SimulatedPlatform.of(name);
            } else if (nativeType(type).isPresent()) {
                platform = nativeType(type).get();
            } else if (running.size() == 1) {
                platform = running.keySet().iterator().next();
            } else {
                throw new IllegalArgumentException(
                        "name the platform, as @ChatSimulator(\"lark\"): this class runs " + running.keySet());
            }
            if (!running.containsKey(platform)) {
                start(Set.of(platform));
            }
            RunningSimulator sim = running.get(platform);
            if (type.isAssignableFrom(RunningSimulator.class)) {
                return sim;
            }
            return sim.simulator(type);
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (tracker != null) {
                tracker.close();
            }
            RuntimeException failure = null;
            for (RunningSimulator sim : running.values()) {
                try {
                    sim.close();
                } catch (RuntimeException e) {
                    failure = failure == null ? e : failure;
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }
}
