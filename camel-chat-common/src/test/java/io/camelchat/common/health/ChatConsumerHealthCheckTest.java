package io.camelchat.common.health;

import java.util.Collection;
import java.util.Map;

import io.camelchat.common.testutil.PlatformHttpTestSupport;
import io.camelchat.common.testutil.TestHookEndpoint;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChatConsumerHealthCheckTest extends PlatformHttpTestSupport {

    @Override
    protected RoutesBuilder createRouteBuilder() {
        TestHookEndpoint.STATUS.set(ChatConsumerHealthCheck.Status.down("RECONNECTING", "connection refused",
                Map.of("failedAttempts", 3)));
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("testhook:status").routeId("ws-route").to("mock:status");
                from("testhook:webhook?path=/hook").routeId("hook-route").to("mock:events");
            }
        };
    }

    private HealthCheck.Result result(String id) {
        Collection<HealthCheck.Result> results = HealthCheckHelper.invoke(context);
        return results.stream().filter(r -> r.getCheck().getId().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + id + " in " + results.stream()
                        .map(r -> r.getCheck().getId()).toList()));
    }

    @Test
    void reportsDownWithTheErrorThenUp() {
        HealthCheck.Result down = result("consumer:ws-route");
        assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(down.getMessage()).hasValue("connection refused");
        assertThat(down.getDetails()).containsEntry("state", "RECONNECTING")
                .containsEntry("error.message", "connection refused")
                .containsEntry("failedAttempts", 3);
        assertThat(HealthCheckHelper.isResultsUp(HealthCheckHelper.invokeReadiness(context), true)).isFalse();

        TestHookEndpoint.STATUS.set(ChatConsumerHealthCheck.Status.up("CONNECTED", Map.of("connects", 1L)));
        HealthCheck.Result up = result("consumer:ws-route");
        assertThat(up.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(up.getDetails()).containsEntry("state", "CONNECTED").containsEntry("connects", 1L)
                .doesNotContainKey("error.message");
    }

    @Test
    void webhookConsumerReportsUpWithItsCounters() {
        HealthCheck.Result r = result("consumer:hook-route");
        assertThat(r.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(r.getDetails()).containsEntry("state", "listening").containsEntry("path", "/hook")
                .containsEntry("accepted", 0L).containsEntry("rejected", 0L);
    }

    @Test
    void checkIsReadinessOnly() {
        ChatConsumerHealthCheck check = new ChatConsumerHealthCheck("dingtalk", "r1",
                () -> ChatConsumerHealthCheck.Status.up("CONNECTED", null));
        assertThat(check.getId()).isEqualTo("consumer:dingtalk:r1");
        assertThat(check.getGroup()).isEqualTo("camel");
        assertThat(check.isReadiness()).isTrue();
        assertThat(check.isLiveness()).isFalse();
    }
}
