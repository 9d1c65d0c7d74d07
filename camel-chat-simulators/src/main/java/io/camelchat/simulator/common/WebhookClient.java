package io.camelchat.simulator.common;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The HTTP client with which a simulator plays the platform calling an app's webhook: HTTP/1.1, 5 s connect timeout,
 * created on first use. Failures are answers too (status -1, the exception as body), so webhook senders can report
 * them to tests instead of throwing.
 */
public final class WebhookClient {

    /**
     * What the webhook answered.
     *
     * @param status HTTP status, or -1 when the request failed
     * @param body   the answer body, or the failure's description
     */
    public record Reply(int status, String body) {
        /** HTTP 200. */
        public boolean ok() {
            return status == 200;
        }
    }

    private volatile HttpClient client;

    /** Sends the request and waits for the answer. */
    public Reply send(HttpRequest request) {
        try {
            HttpResponse<String> resp = client().send(request,
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(resp.statusCode(), resp.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(-1, String.valueOf(e));
        } catch (Exception e) {
            return new Reply(-1, String.valueOf(e));
        }
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(Duration.ofSeconds(5)).build();
                    client = c;
                }
            }
        }
        return c;
    }
}
