package io.camelchat.common.consumer;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArrivalsTest {

    @Test
    void anIdIsSeenBeforeOnlyAfterItCame() {
        Arrivals arrivals = new Arrivals();
        assertFalse(arrivals.seenBefore("a"));
        assertFalse(arrivals.seenBefore("b"));
        assertTrue(arrivals.seenBefore("a"));
        assertTrue(arrivals.seenBefore("b"));
        assertTrue(arrivals.seenBefore("a"));
        assertFalse(arrivals.seenBefore("c"));
    }

    @Test
    void theOldestIdsAreForgottenFirst() {
        Arrivals arrivals = new Arrivals();
        int total = Arrivals.REMEMBERED_IDS * 3 + 17;
        for (int i = 0; i < total; i++) {
            assertFalse(arrivals.seenBefore("id-" + i), "id-" + i);
        }
        // the last REMEMBERED_IDS ids are remembered, every one before them is forgotten
        int remembered = 0;
        for (int i = total - Arrivals.REMEMBERED_IDS; i < total; i++) {
            remembered += arrivals.seenBefore("id-" + i) ? 1 : 0;
        }
        assertEquals(Arrivals.REMEMBERED_IDS, remembered);
        // an id seen again is not remembered anew: the oldest of the window goes first
        assertFalse(arrivals.seenBefore("new-0"));
        assertFalse(arrivals.seenBefore("id-" + (total - Arrivals.REMEMBERED_IDS)));
        assertTrue(arrivals.seenBefore("id-" + (total - 1)));
    }

    @Test
    void idsOfRedeliveredBatchesAreCountedOnceEach() {
        // batches of 100, each delivered twice, interleaved: what a datafeed redelivery looks like
        Arrivals arrivals = new Arrivals();
        int again = 0;
        Set<String> expected = new HashSet<>();
        for (int batch = 0; batch < 500; batch++) {
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < 100; i++) {
                    String id = "msg-" + batch + "-" + i;
                    if (arrivals.seenBefore(id)) {
                        again++;
                        expected.add(id);
                    }
                }
            }
        }
        assertEquals(500 * 100, again);
        assertEquals(500 * 100, expected.size());
    }

    @Test
    void fingerprintsDifferForNearIds() {
        Set<Long> prints = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            prints.add(Arrivals.fingerprint("AAAAAAAAAAAAAAAAAAAAAA" + i));
        }
        assertEquals(200_000, prints.size());
    }
}
