package io.camelchat.difft.stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading the websocket listener's batches (reference section 8.2), good and bad. */
class DifftFramesTest {

    @Test
    void aBatchListsTheDataObjectsInOrder() {
        DifftFrames.Batch b = DifftFrames.parse("{\"messages\":[{\"data\":{\"src\":\"+1\"}},{\"id\":2},"
                                                + "{\"data\":{\"src\":\"+2\"}},{\"data\":\"x\"}]}");
        assertThat(b.problem()).isNull();
        assertThat(b.messages()).extracting(n -> n.path("src").asText()).containsExactly("+1", "+2");
        assertThat(b.withoutData()).isEqualTo(2);
    }

    @Test
    void aFrameWithoutMessagesIsAnEmptyBatch() {
        DifftFrames.Batch b = DifftFrames.parse("{\"other\":1}");
        assertThat(b.messages()).isEmpty();
        assertThat(b.problem()).isNull();
    }

    @Test
    void unreadableFramesAreEmptyBatchesWithAProblem() {
        assertThat(DifftFrames.parse("this is not JSON").problem()).contains("not JSON");
        assertThat(DifftFrames.parse("[1]").problem()).contains("not a JSON object");
        assertThat(DifftFrames.parse("{\"messages\":{\"data\":{}}}").problem()).contains("not an array");
        assertThat(DifftFrames.parse("{\"messages\":{\"data\":{}}}").messages()).isEmpty();
    }

    @Test
    void theCommandsAreTheExactBytesOfTheSdks() {
        assertThat(DifftFrames.FETCH).isEqualTo("{\"cmd\":\"fetch\"}");
        assertThat(DifftFrames.COMMIT).isEqualTo("{\"cmd\":\"commit\"}");
    }

    @Test
    void deliveriesRouteOnceAndAgainAfterAFailure() {
        DifftDeliveries d = new DifftDeliveries(2);
        DifftDeliveries.Claim first = d.claim("a");
        assertThat(first.verdict()).isEqualTo(DifftDeliveries.Verdict.ROUTE);
        DifftDeliveries.Claim again = d.claim("a");
        assertThat(again.verdict()).isEqualTo(DifftDeliveries.Verdict.IN_PROGRESS);
        d.finish("a", false);
        assertThat(again.pending()).isCompletedWithValue(false);
        assertThat(d.claim("a").verdict()).isEqualTo(DifftDeliveries.Verdict.ROUTE);
        d.finish("a", true);
        assertThat(d.claim("a").verdict()).isEqualTo(DifftDeliveries.Verdict.DONE);
        assertThat(d.getDuplicates()).isEqualTo(2);
        // bounded: the oldest successes are forgotten first
        d.claim("b");
        d.finish("b", true);
        d.claim("c");
        d.finish("c", true);
        assertThat(d.isDone("a")).isFalse();
        assertThat(d.isDone("b")).isTrue();
        assertThat(d.isDone("c")).isTrue();
        assertThat(d.getRouting()).isZero();
    }
}
