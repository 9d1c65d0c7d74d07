package io.camelchat.openim;

import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The stored seq advances only over completed exchanges, never past a failed or running one. */
class OpenImOffsetsTest {

    @Test
    void advancesOverCompletedSeqsInOrder() {
        MemoryStateRepository repo = new MemoryStateRepository();
        OpenImOffsets o = new OpenImOffsets(repo, "u1");
        assertThat(o.stored("si_a_b")).isEqualTo(-1);
        o.begin("si_a_b", 1);
        o.begin("si_a_b", 2);
        o.begin("si_a_b", 3);
        o.done("si_a_b", 2, true); // 1 still running: nothing stored
        assertThat(o.stored("si_a_b")).isEqualTo(-1);
        assertThat(o.isRunning("si_a_b")).isTrue();
        o.done("si_a_b", 1, true);
        assertThat(o.stored("si_a_b")).isEqualTo(2);
        assertThat(repo.getState("openim.u1.si_a_b")).isEqualTo("2");
        o.done("si_a_b", 3, true);
        assertThat(repo.getState("openim.u1.si_a_b")).isEqualTo("3");
    }

    @Test
    void neverPastAFailedSeq() {
        MemoryStateRepository repo = new MemoryStateRepository();
        OpenImOffsets o = new OpenImOffsets(repo, "u1");
        o.initialize("g_1", 10);
        for (long s = 11; s <= 14; s++) {
            o.begin("g_1", s);
        }
        o.done("g_1", 11, true);
        o.done("g_1", 12, false);
        o.done("g_1", 13, true);
        o.done("g_1", 14, true);
        assertThat(repo.getState("openim.u1.g_1")).isEqualTo("11");
        assertThat(o.hasFailed("g_1")).isTrue();
        assertThat(o.position("g_1")).isEqualTo(14);
        // a fresh reader (a restart) resumes after 11: 12 is pulled again
        assertThat(new OpenImOffsets(repo, "u1").stored("g_1")).isEqualTo(11);
        o.reset("g_1");
        assertThat(o.hasFailed("g_1")).isFalse();
        o.done("g_1", 13, true); // a late finish of a forgotten seq changes nothing
        assertThat(o.stored("g_1")).isEqualTo(11);
    }

    @Test
    void initializeKeepsAStoredSeqAndUsersAreSeparate() {
        MemoryStateRepository repo = new MemoryStateRepository();
        OpenImOffsets a = new OpenImOffsets(repo, "a");
        a.initialize("c", 5);
        a.initialize("c", 9);
        assertThat(a.stored("c")).isEqualTo(5);
        assertThat(new OpenImOffsets(repo, "b").stored("c")).isEqualTo(-1);
        a.skip("c", 6);
        assertThat(a.stored("c")).isEqualTo(6);
        assertThat(a.snapshot()).containsEntry("c", 6L);
        // seqs the server no longer holds are passed over, but never while messages of the conversation are pending
        a.advance("c", 9);
        assertThat(a.stored("c")).isEqualTo(9);
        a.begin("c", 10);
        a.advance("c", 20);
        assertThat(a.stored("c")).isEqualTo(9);
    }
}
