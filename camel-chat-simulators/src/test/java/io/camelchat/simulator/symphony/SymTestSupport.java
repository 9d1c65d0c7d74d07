package io.camelchat.simulator.symphony;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Plain JDK clients for the Symphony tests: a tiny RS512 JWT writer, JSON and multipart requests. */
final class SymTestSupport {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final KeyPair KEYS = generate();

    private SymTestSupport() {
    }

    static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String jwt(String header, String claims, PrivateKey key) {
        try {
            String signingInput = b64(header.getBytes(StandardCharsets.UTF_8)) + "."
                                  + b64(claims.getBytes(StandardCharsets.UTF_8));
            Signature s = Signature.getInstance("SHA512withRSA");
            s.initSign(key);
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64(s.sign());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String jwt(String sub, long expSeconds, PrivateKey key) {
        return jwt("{\"alg\":\"RS512\"}", "{\"sub\":\"" + sub + "\",\"exp\":" + expSeconds + "}", key);
    }

    static String validJwt(String sub) {
        return jwt(sub, System.currentTimeMillis() / 1000 + 240, KEYS.getPrivate());
    }

    static Map<String, Object> parse(String json) {
        try {
            return MAPPER.readValue(json, new TypeReference<Map<String, Object>>() {
            });
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    static List<Object> parseList(String json) {
        try {
            return MAPPER.readValue(json, new TypeReference<List<Object>>() {
            });
        } catch (Exception e) {
            throw new AssertionError("not a JSON array: " + json, e);
        }
    }

    static HttpResponse<String> post(String url, String json, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(b::header);
        return send(b.build());
    }

    static HttpResponse<String> get(String url, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        headers.forEach(b::header);
        return send(b.build());
    }

    static HttpResponse<String> delete(String url, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).DELETE();
        headers.forEach(b::header);
        return send(b.build());
    }

    static HttpResponse<String> send(HttpRequest r) {
        try {
            return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A multipart part: name, optional file name, content. */
    record Part(String name, String fileName, byte[] bytes) {
        static Part text(String name, String value) {
            return new Part(name, null, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    static HttpResponse<String> multipart(String url, Map<String, String> headers, Part... parts) {
        String boundary = "b" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Part p : parts) {
            StringBuilder h = new StringBuilder("--").append(boundary).append("\r\n")
                    .append("Content-Disposition: form-data; name=\"").append(p.name()).append('"');
            if (p.fileName() != null) {
                h.append("; filename=\"").append(p.fileName()).append('"').append("\r\n")
                        .append("Content-Type: application/octet-stream");
            } else {
                h.append("\r\nContent-Type: text/plain; charset=UTF-8");
            }
            h.append("\r\n\r\n");
            out.writeBytes(h.toString().getBytes(StandardCharsets.UTF_8));
            out.writeBytes(p.bytes());
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray()));
        headers.forEach(b::header);
        return send(b.build());
    }

    /** Session + KM tokens of a logged-in bot. */
    record Session(String sessionToken, String kmToken) {
        Map<String, String> pod() {
            return Map.of("sessionToken", sessionToken);
        }

        Map<String, String> agent() {
            return Map.of("sessionToken", sessionToken, "keyManagerToken", kmToken);
        }
    }

    static Session login(SymphonySimulator sim) {
        HttpResponse<String> s = post(sim.podUrl() + "/login/pubkey/authenticate",
                "{\"token\":\"" + validJwt(sim.bot().username()) + "\"}", Map.of());
        HttpResponse<String> k = post(sim.keyManagerUrl() + "/relay/pubkey/authenticate",
                "{\"token\":\"" + validJwt(sim.bot().username()) + "\"}", Map.of());
        if (s.statusCode() != 200 || k.statusCode() != 200) {
            throw new AssertionError("login failed: " + s.body() + " / " + k.body());
        }
        return new Session((String) parse(s.body()).get("token"), (String) parse(k.body()).get("token"));
    }
}
