package cn.unioncard.registry.integrity;

import cn.unioncard.registry.events.integrity.Seal;
import cn.unioncard.registry.events.integrity.StoredEvent;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Stored events and seals read on a second thread while the caller's thread hashes: reading
 * (the database's answer, or parsing an export) and hashing each take about one core, and the
 * machine has two. The reader hands over batches in global order; {@link #events()} and
 * {@link #seals()} walk them independently, as {@code ChainVerifier} pulls them.
 */
final class ChainFeed implements AutoCloseable {

    /** Where events and seals come from; it is called on the reading thread and pushes in global order. */
    interface Source {
        void read(Sink sink) throws Exception;
    }

    /** What a source pushes into; {@code false} from a push means stop reading. */
    interface Sink {
        boolean event(StoredEvent e);

        boolean seal(Seal s);

        /**
         * No seal follows: the seals' cursor ends at the batch being filled instead of walking every
         * later batch of unsealed events to the end, which would keep them all in memory (a sealer
         * stuck for a day leaves a long unsealed tail).
         */
        default void sealsEnded() {
        }
    }

    private static final int BATCH = 1024;
    private static final Batch END = new Batch(List.of(), List.of(), true);

    private record Batch(List<StoredEvent> events, List<Seal> seals, boolean lastSeals) {
    }

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(8);
    private final List<Batch> window = new ArrayList<>();
    private final Thread reader;
    private volatile boolean stopped;
    private long windowStart;
    private final Cursor<StoredEvent> events = new Cursor<>(true);
    private final Cursor<Seal> seals = new Cursor<>(false);

    ChainFeed(Source source) {
        reader = new Thread(() -> read(source), "chain-reader");
        reader.setDaemon(true);
        reader.start();
    }

    Iterator<StoredEvent> events() {
        return events;
    }

    Iterator<Seal> seals() {
        return seals;
    }

    /**
     * Stops the reader and waits for it, so that what it read through (a connection) is free again;
     * an interrupt does not cut the wait short, it is kept for the caller.
     */
    @Override
    public void close() {
        stopped = true;
        boolean interrupted = false;
        while (reader.isAlive()) {
            queue.clear();
            try {
                reader.join(50);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void read(Source source) {
        Batcher batcher = new Batcher();
        try {
            source.read(batcher);
            batcher.flush();
            hand(END);
        } catch (Throwable e) {
            hand(e);
        }
    }

    private boolean hand(Object item) {
        try {
            while (!stopped) {
                if (queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** Collects pushes into batches of {@link #BATCH} items. */
    private final class Batcher implements Sink {
        private List<StoredEvent> events = new ArrayList<>();
        private List<Seal> seals = new ArrayList<>();
        private boolean sealsEnded;

        @Override
        public boolean event(StoredEvent e) {
            events.add(e);
            return full();
        }

        @Override
        public boolean seal(Seal s) {
            seals.add(s);
            return full();
        }

        @Override
        public void sealsEnded() {
            sealsEnded = true;
        }

        private boolean full() {
            return events.size() + seals.size() < BATCH || flush();
        }

        boolean flush() {
            boolean go = hand(new Batch(events, seals, sealsEnded));
            events = new ArrayList<>();
            seals = new ArrayList<>();
            return go;
        }
    }

    /** How many batches are held for the cursors now: what the feed keeps in memory beyond the reader's queue. */
    int batchesHeld() {
        return window.size();
    }

    /** Batch {@code n} (counted from the first), taken from the reader when first needed. */
    private Batch batch(long n) {
        while (windowStart + window.size() <= n) {
            Object item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the chain", e);
            }
            if (item instanceof Throwable t) {
                queue.offer(t);
                throw t instanceof RuntimeException r ? r : new IllegalStateException(t.getMessage(), t);
            }
            window.add((Batch) item);
            if (item == END) {
                queue.offer(END);
            }
        }
        // A batch every cursor still walking has passed is dropped (an ended cursor holds its last batch itself).
        long pinned = Math.min(events.ended ? Long.MAX_VALUE : events.batch, seals.ended ? Long.MAX_VALUE : seals.batch);
        while (windowStart < pinned && windowStart < n) {
            window.remove(0);
            windowStart++;
        }
        return window.get((int) (n - windowStart));
    }

    /** Walks the events or the seals of the batches. */
    private final class Cursor<T> implements Iterator<T> {
        private final boolean ofEvents;
        private long batch;
        private int at;
        private List<T> current;
        private boolean ended;

        Cursor(boolean ofEvents) {
            this.ofEvents = ofEvents;
        }

        @SuppressWarnings("unchecked")
        private void load() {
            Batch b = batch(batch);
            ended = ofEvents ? b == END : b.lastSeals();
            current = (List<T>) (ofEvents ? b.events() : b.seals());
        }

        @Override
        public boolean hasNext() {
            if (current == null) {
                load();
            }
            while (at >= current.size()) {
                if (ended) {
                    return false;
                }
                batch++;
                at = 0;
                load();
            }
            return true;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return current.get(at++);
        }
    }
}
