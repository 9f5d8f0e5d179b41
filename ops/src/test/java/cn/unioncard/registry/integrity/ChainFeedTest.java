package cn.unioncard.registry.integrity;

import cn.unioncard.registry.events.integrity.Seal;
import cn.unioncard.registry.events.integrity.StoredEvent;
import org.junit.jupiter.api.Test;

import java.util.Iterator;

import static org.assertj.core.api.Assertions.assertThat;

/** The feed keeps a bounded window however far the events run past the last seal. */
class ChainFeedTest {

    private static final int EVENTS = 60_000;

    private static StoredEvent event(long i) {
        return new StoredEvent(i, "e" + i, "Member", "m" + i, 0, "T", null, "2026-01-01T00:00:00Z", new byte[0],
                new byte[0]);
    }

    @Test
    void aLongUnsealedTailIsWalkedWithoutHoldingItAll() {
        int mostHeld = 0;
        long seen = 0;
        try (ChainFeed feed = new ChainFeed(sink -> {
            sink.event(event(1));
            sink.seal(new Seal(1, "e1", new byte[32]));
            sink.sealsEnded();
            for (long i = 2; i <= EVENTS; i++) {
                if (!sink.event(event(i))) {
                    return;
                }
            }
        })) {
            Iterator<StoredEvent> events = feed.events();
            Iterator<Seal> seals = feed.seals();
            assertThat(seals.hasNext()).isTrue();
            assertThat(seals.next().globalIndex()).isEqualTo(1);
            while (events.hasNext()) {
                // As the verifier does: after each event it asks whether a seal follows.
                assertThat(seals.hasNext()).isFalse();
                assertThat(events.next().globalIndex()).isEqualTo(++seen);
                mostHeld = Math.max(mostHeld, feed.batchesHeld());
            }
        }
        assertThat(seen).isEqualTo(EVENTS);
        assertThat(mostHeld).as("batches held at once, of %d", EVENTS / 1024 + 1).isLessThanOrEqualTo(3);
    }

    @Test
    void sealsThatFollowTheirEventsAreAllWalked() {
        long seals = 0;
        try (ChainFeed feed = new ChainFeed(sink -> {
            for (long i = 1; i <= 5_000; i++) {
                sink.event(event(i));
                sink.seal(new Seal(i, "e" + i, new byte[32]));
            }
            sink.sealsEnded();
        })) {
            Iterator<Seal> it = feed.seals();
            while (it.hasNext()) {
                assertThat(it.next().globalIndex()).isEqualTo(++seals);
            }
            Iterator<StoredEvent> events = feed.events();
            long n = 0;
            while (events.hasNext()) {
                assertThat(events.next().globalIndex()).isEqualTo(++n);
            }
            assertThat(n).isEqualTo(5_000);
        }
        assertThat(seals).isEqualTo(5_000);
    }
}
