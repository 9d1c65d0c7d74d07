package io.camelchat.it.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.CamelContextTracker;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.spi.PropertyConfigurerGetter;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.util.URISupport;

/**
 * Looks for configured secrets in what the test run printed. From the start of the run it captures every log event
 * ({@link LogCapture}) and follows every Camel context created in the JVM (Camel's {@link CamelContextTracker}),
 * noting each component and endpoint added and how Camel prints each endpoint ({@link URISupport#sanitizeUri} of its
 * URI, its {@code toString}). {@link #check()} then reads, for every component and endpoint seen, the values of the
 * options its metadata JSON marks {@code secret} (through the generated configurers), and looks for each value of at
 * least {@link #MIN_LENGTH} characters in every log event (message and stack trace) and printed endpoint.
 */
public final class SecretScan {

    /** Shorter values are not looked for: they would match by chance. */
    public static final int MIN_LENGTH = 6;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<Component, String> COMPONENTS = Collections.synchronizedMap(new IdentityHashMap<>());
    private static final Map<Endpoint, String> ENDPOINTS = Collections.synchronizedMap(new IdentityHashMap<>());
    private static final List<String> PRINTED_URIS = Collections.synchronizedList(new ArrayList<>());
    private static final AtomicInteger CONTEXTS = new AtomicInteger();
    private static LogCapture capture;
    private static CamelContextTracker tracker;

    /** One configured secret: where it was read, and its value. */
    public record Secret(String where, String value) {
    }

    /** One place a secret was found (the secret itself replaced by where it was read). */
    public record Leak(String secret, String excerpt) {
    }

    /** What {@link #check()} found. */
    public record Result(long logEvents, int contexts, int endpoints, List<Secret> secrets, List<Leak> leaks) {
    }

    private SecretScan() {
    }

    /** Starts capturing (once per JVM). */
    static synchronized void start() {
        if (capture != null) {
            return;
        }
        capture = LogCapture.install(Path.of("target", "secret-scan", "log-events.txt"));
        tracker = new CamelContextTracker() {
            @Override
            public void contextCreated(CamelContext context) {
                follow(context);
            }
        };
        tracker.open();
    }

    /** Whether the capture runs (false when this class's listener was not registered). */
    public static synchronized boolean started() {
        return capture != null;
    }

    private static void follow(CamelContext context) {
        CONTEXTS.incrementAndGet();
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onComponentAdd(String name, Component component) {
                COMPONENTS.put(component, name);
            }

            @Override
            public void onEndpointAdd(Endpoint endpoint) {
                ENDPOINTS.put(endpoint, endpoint.getEndpointUri());
                PRINTED_URIS.add(URISupport.sanitizeUri(endpoint.getEndpointUri()));
                PRINTED_URIS.add(endpoint.toString());
            }
        });
        // components added before the tracker saw the context (rare: the tracker is told at the end of its build)
        for (String name : context.getComponentNames()) {
            Component c = context.hasComponent(name);
            if (c != null) {
                COMPONENTS.put(c, name);
            }
        }
    }

    /** Reads the secrets of every component and endpoint seen and looks for them in what was printed. */
    public static synchronized Result check() {
        if (capture == null) {
            throw new IllegalStateException("the secret scan did not start (SecretScanListener not registered)");
        }
        List<Secret> secrets = secrets();
        List<Leak> leaks = new ArrayList<>();
        Path file = capture.flush();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            StringBuilder record = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.endsWith(LogCapture.END)) {
                    record.append(line, 0, line.length() - LogCapture.END.length());
                    look(record.toString(), secrets, leaks);
                    record.setLength(0);
                } else {
                    record.append(line).append('\n');
                }
            }
            if (!record.isEmpty()) {
                look(record.toString(), secrets, leaks);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> uris;
        synchronized (PRINTED_URIS) {
            uris = new ArrayList<>(PRINTED_URIS);
        }
        for (String uri : uris) {
            look(uri, secrets, leaks);
        }
        return new Result(capture.events(), CONTEXTS.get(), ENDPOINTS.size(), secrets, leaks);
    }

    /** The log events captured so far that contain {@code text} (for the scan's own check). */
    public static synchronized long eventsContaining(String text) {
        Path file = capture.flush();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return in.lines().filter(l -> l.contains(text)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void look(String text, List<Secret> secrets, List<Leak> leaks) {
        for (Secret s : secrets) {
            if (text.contains(s.value())) {
                String excerpt = text.replace(s.value(), "<" + s.where() + ">");
                leaks.add(new Leak(s.where(), excerpt.length() > 400 ? excerpt.substring(0, 400) + "..." : excerpt));
            }
        }
    }

    /** The distinct secret values of every component and endpoint seen (the first place each was read). */
    static List<Secret> secrets() {
        Map<String, String> found = new LinkedHashMap<>();
        Map<Component, String> components;
        synchronized (COMPONENTS) {
            components = new IdentityHashMap<>(COMPONENTS);
        }
        components.forEach((component, name) -> {
            JsonNode metadata = metadata(component, name);
            read(metadata == null ? null : metadata.path("componentProperties"),
                    component.getComponentPropertyConfigurer(), component, name + " component", found);
        });
        Map<Endpoint, String> endpoints;
        synchronized (ENDPOINTS) {
            endpoints = new IdentityHashMap<>(ENDPOINTS);
        }
        endpoints.forEach((endpoint, uri) -> {
            Component component = endpoint.getComponent();
            String name = components.get(component);
            if (component == null || name == null) {
                return;
            }
            JsonNode metadata = metadata(component, name);
            read(metadata == null ? null : metadata.path("properties"), component.getEndpointPropertyConfigurer(),
                    endpoint, name + " endpoint", found);
        });
        List<Secret> secrets = new ArrayList<>();
        found.forEach((value, where) -> secrets.add(new Secret(where, value)));
        return secrets;
    }

    private static void read(JsonNode options, PropertyConfigurer configurer, Object target, String where,
                             Map<String, String> found) {
        if (options == null || !options.isObject() || !(configurer instanceof PropertyConfigurerGetter getter)) {
            return;
        }
        options.properties().forEach(option -> {
            if (!option.getValue().path("secret").asBoolean()) {
                return;
            }
            Object value;
            try {
                value = getter.getOptionValue(target, option.getKey(), true);
            } catch (RuntimeException e) {
                return; // an option the configurer reads through a nested object not set
            }
            if (value instanceof CharSequence text && text.length() >= MIN_LENGTH) {
                found.putIfAbsent(text.toString(), where + " option " + option.getKey());
            }
        });
    }

    /** The component's metadata JSON, where Camel's build puts it: {@code META-INF/<package>/<name>.json}. */
    private static JsonNode metadata(Component component, String name) {
        String path = "META-INF/" + component.getClass().getPackageName().replace('.', '/') + "/" + name + ".json";
        try (InputStream in = component.getClass().getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                return null;
            }
            JsonNode root = MAPPER.readTree(in);
            return root.has("component") ? root : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
