package cn.unioncard.registry.integrity;

import cn.unioncard.registry.events.integrity.Checkpoint;
import cn.unioncard.registry.events.integrity.Seal;
import cn.unioncard.registry.events.integrity.StoredEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An export ({@link ChainExport}'s format) read as a stream for the offline verifier, line by
 * line as before but nothing held beyond the line at hand: event lines in the exporter's own
 * layout through {@link ExportLine}, any other line through the JSON reader. The checkpoints, which
 * the export writes after the events, are read first from the file's tail, so that the chain is
 * held to them as it is recomputed.
 */
final class ExportReader implements AutoCloseable {

    private final ObjectMapper json;
    private final InputStream in;
    private byte[] buf = new byte[1 << 20];
    private int start;
    private int filled;
    private boolean eof;
    private long from = 1;
    private byte[] startHash = StoredEvent.genesis();
    private ExportLine.Parsed first;
    private boolean sawCheckpoint;
    private volatile long lastSealed;
    /** Recorded gaps read so far: added on the reading thread before the events after them are handed over. */
    private final Set<Long> gaps = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private boolean listsGaps = true;

    /** Opens the file and reads its first line: the header, or already an event. */
    ExportReader(ObjectMapper json, Path file) throws IOException {
        this.json = json;
        this.in = Files.newInputStream(file);
        int end;
        while ((end = nextLine()) >= 0) {
            if (!blank(end)) {
                JsonNode header = json.readTree(buf, start, end - start);
                if (header.has("format")) {
                    header(header);
                } else {
                    first = line(end);
                }
                start = end + 1;
                break;
            }
            start = end + 1;
        }
    }

    long from() {
        return from;
    }

    byte[] startHash() {
        return startHash;
    }

    /** Whether an index is a recorded gap; null for a version 1 export, which does not list them. */
    java.util.function.LongPredicate recordedGaps() {
        return listsGaps ? gaps::contains : null;
    }

    /** The position of the last sealed event read: final once the feed has ended. */
    long lastSealed() {
        return lastSealed;
    }

    /** Pushes every event line (and its seal) in file order; runs on the feed's reading thread. */
    void read(ChainFeed.Sink sink) throws IOException {
        boolean go = first == null || push(first, sink);
        int end;
        while (go && (end = nextLine()) >= 0) {
            if (!blank(end)) {
                ExportLine.Parsed e = line(end);
                if (e != null) {
                    go = push(e, sink);
                }
            }
            start = end + 1;
        }
    }

    /** The line {@code buf[start, end)}: an event, or null for a checkpoint (noted, read from the tail). */
    private ExportLine.Parsed line(int end) throws IOException {
        ExportLine.Parsed e = ExportLine.parse(buf, start, end);
        if (e == null) {
            JsonNode n = json.readTree(buf, start, end - start);
            if (n.has("format")) {
                throw new IllegalArgumentException("not an exported event stream: a second header line");
            } else if (n.has("checkpoint")) {
                sawCheckpoint = true;
                return null;
            } else if (n.has(ChainExport.GAP) && n.size() == 1) {
                gaps.add(n.get(ChainExport.GAP).asLong());
                return null;
            }
            e = new ExportLine.Parsed(ChainExport.event(n), ChainExport.bytes(n, "seal"));
        }
        if (sawCheckpoint) {
            throw new IllegalArgumentException("not an exported event stream: an event after the checkpoints");
        }
        return e;
    }

    private boolean push(ExportLine.Parsed e, ChainFeed.Sink sink) {
        StoredEvent event = e.event();
        boolean go = sink.event(event);
        if (e.seal() != null) {
            lastSealed = event.globalIndex();
            go = sink.seal(new Seal(event.globalIndex(), event.eventIdentifier(), e.seal())) && go;
        }
        return go;
    }

    private boolean blank(int end) {
        for (int i = start; i < end; i++) {
            if (!Character.isWhitespace(buf[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * The end (the newline's index, or the data's end at the last line) of the line that starts at
     * {@code start}, reading more as needed; -1 when the file is done.
     */
    private int nextLine() throws IOException {
        int scanned = start;
        while (true) {
            int newline = ExportLine.indexOf(buf, scanned, filled, (byte) '\n');
            if (newline >= 0) {
                return newline;
            }
            scanned = filled;
            if (eof) {
                return start < filled ? filled : -1;
            }
            if (start > 0) {
                System.arraycopy(buf, start, buf, 0, filled - start);
                filled -= start;
                scanned -= start;
                start = 0;
            }
            if (filled == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            int n = in.read(buf, filled, buf.length - filled);
            if (n < 0) {
                eof = true;
            } else {
                filled += n;
            }
        }
    }

    private void header(JsonNode n) {
        String format = n.get("format").asText();
        if (!ChainExport.FORMAT.equals(format) && !ChainExport.FORMAT_WITHOUT_GAPS.equals(format)) {
            throw new IllegalArgumentException("not an exported event stream: " + n.get("format"));
        }
        listsGaps = ChainExport.FORMAT.equals(format);
        from = n.path("from").asLong(1);
        startHash = ChainExport.bytes(n, "startHash");
    }

    /**
     * The checkpoint lines after the last event, in file order, read backwards from the end (the
     * export writes them last); each is kept if {@code publicKey} verifies it.
     */
    static List<Checkpoint> trailingCheckpoints(ObjectMapper json, Path file, byte[] publicKey) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long size = f.length();
            for (long window = Math.min(size, 1 << 20); ; window = Math.min(size, window * 4)) {
                byte[] tail = new byte[(int) window];
                f.seek(size - window);
                f.readFully(tail);
                String[] lines = new String(tail, StandardCharsets.UTF_8).split("\n", -1);
                List<Checkpoint> found = new ArrayList<>();
                // Without the file's start, the window's first line may be cut: it does not count.
                for (int i = lines.length - 1; i >= (window == size ? 0 : 1); i--) {
                    if (lines[i].isBlank()) {
                        continue;
                    }
                    JsonNode n = json.readTree(lines[i]);
                    if (!n.has("checkpoint")) {
                        return signed(found, publicKey);
                    }
                    JsonNode c = n.get("checkpoint");
                    found.add(new Checkpoint(c.path("position").asLong(), ChainExport.bytes(c, "hash"),
                            Instant.parse(c.path("signedAt").asText()), ChainExport.bytes(c, "signature")));
                }
                if (window == size) {
                    return signed(found, publicKey);
                }
            }
        }
    }

    /** Those of {@code newestFirst} that the key signs, back in file order. */
    private static List<Checkpoint> signed(List<Checkpoint> newestFirst, byte[] publicKey) {
        List<Checkpoint> inOrder = new ArrayList<>(newestFirst);
        Collections.reverse(inOrder);
        return inOrder.stream().filter(c -> c.verifies(publicKey)).toList();
    }

    /** Every sealed event identifier of the file: a second pass, made only to name a mismatch. */
    static Set<String> sealedIds(ObjectMapper json, Path file) throws IOException {
        Set<String> ids = new HashSet<>();
        try (ExportReader again = new ExportReader(json, file)) {
            again.read(new ChainFeed.Sink() {
                @Override
                public boolean event(StoredEvent e) {
                    return true;
                }

                @Override
                public boolean seal(Seal s) {
                    ids.add(s.eventIdentifier());
                    return true;
                }
            });
        }
        return ids;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
