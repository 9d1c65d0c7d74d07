package io.camelchat.simulator.common;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * An HTTP request as seen by a simulator handler (fully read, immutable).
 *
 * @param method  upper-case method
 * @param uri     raw request URI (path and query)
 * @param path    decoded path without query
 * @param query   decoded query parameters
 * @param headers request headers
 * @param body    raw body bytes
 * @param parts   multipart parts by field name (empty when not multipart)
 * @param tls     whether the request arrived over TLS
 * @param allParts every multipart part in body order, repeated field names included (empty when not multipart)
 * @param peerCertificates the TLS client certificate chain (empty without TLS or without a client certificate)
 */
public record SimRequest(String method, String uri, String path, Map<String, List<String>> query,
        HttpHeaders headers, byte[] body, Map<String, FormPart> parts, boolean tls, List<FormPart> allParts,
        List<X509Certificate> peerCertificates) {

    /** A request without repeated multipart parts and without a client certificate. */
    public SimRequest(String method, String uri, String path, Map<String, List<String>> query,
                      HttpHeaders headers, byte[] body, Map<String, FormPart> parts, boolean tls) {
        this(method, uri, path, query, headers, body, parts, tls, List.copyOf(parts.values()), List.of());
    }

    /** Every multipart part with this field name, in body order. */
    public List<FormPart> parts(String name) {
        return allParts.stream().filter(p -> p.name().equals(name)).toList();
    }

    /** First value of a query parameter, or {@code null}. */
    public String query(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** A request header (case-insensitive), or {@code null}. */
    public String header(String name) {
        return headers.get(name);
    }

    /** The body decoded as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** A multipart part, or {@code null}. */
    public FormPart part(String name) {
        return parts.get(name);
    }
}
