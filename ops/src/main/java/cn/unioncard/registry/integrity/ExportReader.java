package cn.unioncard.registry.integrity;

import cn.unioncard.registry.events.integrity.Checkpoint;
import cn.unioncard.registry.events.integrity.Seal;
import cn.unioncard.registry.events.integrity.StoredEvent;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An export ({@link ChainExport}'s format) read as a stream for the offline verifier: one pass
 * with a token parser, bytes decoded from base64 straight out of the parser's buffer, nothing held
 * but the line at hand. The checkpoints, which the export writes after the events, are read first
 * from the file's tail, so the chain can be held to them as it is recomputed.
 */
final class ExportReader implements AutoCloseable {

    private static final Base64.Decoder UNB64 = Base64.getDecoder();

    private final ObjectMapper json;
    private final JsonParser parser;
    private long from = 1;
    private byte[] startHash = StoredEvent.genesis();
    private EventLine first;
    private boolean sawCheckpoint;
    private volatile long lastSealed;

    /** Opens the file and reads its first line: the header, or already an event. */
    ExportReader(ObjectMapper json, Path file) throws IOException {
        this.json = json;
        this.parser = json.getFactory().createParser(Files.newInputStream(file));
        JsonToken t = parser.nextToken();
        if (t != null && t != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("not an exported event stream: a line is not a JSON object");
        }
        if (t != null) {
            EventLine e = new EventLine();
            JsonNode tree = line(e);
            if (tree == null) {
                first = e;
            } else if (tree.has("format")) {
                header(tree);
            } else {
                sawCheckpoint = true;
            }
        }
    }

    long from() {
        return from;
    }

    byte[] startHash() {
        return startHash;
    }

    /** The position of the last sealed event read: final once the feed has ended. */
    long lastSealed() {
        return lastSealed;
    }

    /** Pushes every event line (and its seal) in file order; runs on the feed's reading thread. */
    void read(ChainFeed.Sink sink) throws IOException {
        boolean go = first == null || push(first, sink);
        while (go && parser.nextToken() != null) {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not an exported event stream: a line is not a JSON object");
            }
            EventLine e = new EventLine();
            JsonNode tree = line(e);
            if (tree != null && tree.has("format")) {
                throw new IllegalArgumentException("not an exported event stream: a second header line");
            } else if (tree != null) {
                sawCheckpoint = true;
            } else if (sawCheckpoint) {
                throw new IllegalArgumentException("not an exported event stream: an event after the checkpoints");
            } else {
                go = push(e, sink);
            }
        }
    }

    private boolean push(EventLine e, ChainFeed.Sink sink) {
        StoredEvent event = e.event();
        boolean go = sink.event(event);
        if (e.seal != null) {
            lastSealed = event.globalIndex();
            go = sink.seal(new Seal(event.globalIndex(), event.eventIdentifier(), e.seal)) && go;
        }
        return go;
    }

    /**
     * Reads one line's object: an event into {@code into} (answering null), or a header or a
     * checkpoint (first field {@code format} or {@code checkpoint}) as a tree.
     */
    private JsonNode line(EventLine into) throws IOException {
        ObjectNode tree = null;
        boolean firstField = true;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            boolean special = "format".equals(field) || "checkpoint".equals(field);
            parser.nextToken();
            if (firstField && special) {
                tree = json.createObjectNode();
            }
            firstField = false;
            if (tree != null) {
                tree.set(field, json.readTree(parser));
            } else if (special) {
                throw new IllegalArgumentException("not an exported event stream: an event line with " + field);
            } else {
                into.set(field, parser);
            }
        }
        return tree;
    }

    private void header(JsonNode n) {
        if (!ChainExport.FORMAT.equals(n.get("format").asText())) {
            throw new IllegalArgumentException("not an exported event stream: " + n.get("format"));
        }
        from = n.path("from").asLong(1);
        startHash = ChainExport.bytes(n, "startHash");
    }

    /** The fields of one event line, as the export names them. */
    private static final class EventLine {
        long globalIndex;
        long sequenceNumber;
        String eventIdentifier;
        String aggregateType;
        String aggregateIdentifier;
        String payloadType;
        String payloadRevision;
        String timestamp;
        byte[] payload;
        byte[] metaData;
        byte[] seal;

        void set(String field, JsonParser p) throws IOException {
            switch (field) {
                case "globalIndex" -> globalIndex = p.getValueAsLong();
                case "sequenceNumber" -> sequenceNumber = p.getValueAsLong();
                case "eventIdentifier" -> eventIdentifier = text(p);
                case "aggregateType" -> aggregateType = text(p);
                case "aggregateIdentifier" -> aggregateIdentifier = text(p);
                case "payloadType" -> payloadType = text(p);
                case "payloadRevision" -> payloadRevision = text(p);
                case "timestamp" -> timestamp = text(p);
                case "payload" -> payload = bytes(p);
                case "metaData" -> metaData = bytes(p);
                case "seal" -> seal = bytes(p);
                default -> p.skipChildren();
            }
        }

        StoredEvent event() {
            return new StoredEvent(globalIndex, eventIdentifier, aggregateType, aggregateIdentifier, sequenceNumber,
                    payloadType, payloadRevision, timestamp, payload, metaData);
        }

        private static String text(JsonParser p) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_NULL) {
                return null;
            }
            p.skipChildren();
            return t.isScalarValue() ? p.getValueAsString() : "";
        }

        /** The JDK's decoder, as before: several times faster than the parser's own, and as strict. */
        private static byte[] bytes(JsonParser p) throws IOException {
            String b64 = text(p);
            return b64 == null ? null : UNB64.decode(b64);
        }
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
        parser.close();
    }
}
