package io.camelchat.simulator.common;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The HTTP routes of a simulator: method + path pattern &rarr; handler, tried in the order they were added; the first
 * match answers.
 *
 * <p>A pattern is a slash-separated list of segments, each a literal, {@code :name} (any one segment, also an empty
 * one, bound to {@code name}) or, as the last segment, {@code **} (the rest of the path: one or more segments, so
 * {@code /files/**} matches what starts with {@code /files/}). Method {@code *} matches every method. Matching is
 * exact otherwise: {@code /a/b/} does not match {@code /a/b} (normalise the path before dispatching if the platform
 * ignores trailing slashes).
 *
 * @param <R> what handlers produce (an HTTP answer, or a future one)
 */
public final class RouteTable<R> {

    /** Answers one request; {@code params} holds the {@code :name} segments of the matching pattern. */
    @FunctionalInterface
    public interface Handler<R> {
        R handle(SimRequest request, Map<String, String> params);
    }

    private record Route<R>(String method, String[] pattern, Handler<R> handler) {
    }

    private final List<Route<R>> routes = new ArrayList<>();

    /** Adds a route (after the ones already added). */
    public RouteTable<R> add(String method, String pattern, Handler<R> handler) {
        String[] segs = pattern.split("/", -1);
        for (int i = 0; i < segs.length - 1; i++) {
            if ("**".equals(segs[i])) {
                throw new IllegalArgumentException("** must be the last segment: " + pattern);
            }
        }
        routes.add(new Route<>(method, segs, handler));
        return this;
    }

    /** Adds a route that takes only the request. */
    public RouteTable<R> add(String method, String pattern, Function<SimRequest, R> handler) {
        return add(method, pattern, (r, p) -> handler.apply(r));
    }

    /**
     * Answers with the first route matching the request's method and {@code path} (usually the request's path,
     * possibly normalised by the caller), else with {@code otherwise}.
     */
    public R dispatch(SimRequest request, String path, Function<SimRequest, R> otherwise) {
        String[] segs = path.split("/", -1);
        for (Route<R> route : routes) {
            if (!"*".equals(route.method()) && !route.method().equals(request.method())) {
                continue;
            }
            Map<String, String> params = match(route.pattern(), segs);
            if (params != null) {
                return route.handler().handle(request, params);
            }
        }
        return otherwise.apply(request);
    }

    private static Map<String, String> match(String[] pattern, String[] segs) {
        Map<String, String> params = null;
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (i >= segs.length) {
                return null;
            }
            if ("**".equals(p)) {
                return params == null ? Collections.emptyMap() : params;
            }
            if (p.startsWith(":")) {
                if (params == null) {
                    params = new LinkedHashMap<>();
                }
                params.put(p.substring(1), segs[i]);
            } else if (!p.equals(segs[i])) {
                return null;
            }
        }
        if (pattern.length != segs.length) {
            return null;
        }
        return params == null ? Collections.emptyMap() : params;
    }
}
