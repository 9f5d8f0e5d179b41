package cn.unioncard.registry.integrity;

import cn.unioncard.registry.events.integrity.StoredEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import java.util.Base64;

/**
 * The exported event stream, one JSON object a line: a header
 * {@code {"format":"ucr-events-2","from":…,"to":…,"startHash":…}}, then each stored event with its
 * seal ({@code globalIndex, eventIdentifier, aggregateType, aggregateIdentifier, sequenceNumber,
 * payloadType, payloadRevision, timestamp, payload, metaData, seal}; bytes in base64, exactly as
 * stored) and each recorded gap ({@code {"gap":n}}) in global order, then the signed checkpoints of the range ({@code {"checkpoint":{position, hash,
 * signedAt, signature}}}).
 */
final class ChainExport {

    /** Version 2 lists the recorded gaps ({@code {"gap":n}} in their place); version 1 files are still read. */
    static final String FORMAT = "ucr-events-2";
    static final String FORMAT_WITHOUT_GAPS = "ucr-events-1";
    static final String GAP = "gap";
    static final String MEDIA_TYPE = "application/x-ndjson";
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder UNB64 = Base64.getDecoder();

    private ChainExport() {
    }

    static ObjectNode header(ObjectMapper json, long from, long to, byte[] startHash) {
        return json.createObjectNode().put("format", FORMAT).put("from", from).put("to", to)
                .put("startHash", B64.encodeToString(startHash));
    }

    /** A global index that holds no event: a recorded gap (a rolled-back append), listed in its place. */
    static ObjectNode gap(ObjectMapper json, long globalIndex) {
        return json.createObjectNode().put(GAP, globalIndex);
    }

    static ObjectNode event(ObjectMapper json, StoredEvent e, byte[] seal) {
        ObjectNode n = json.createObjectNode();
        n.put("globalIndex", e.globalIndex());
        n.put("eventIdentifier", e.eventIdentifier());
        n.put("aggregateType", e.aggregateType());
        n.put("aggregateIdentifier", e.aggregateIdentifier());
        n.put("sequenceNumber", e.sequenceNumber());
        n.put("payloadType", e.payloadType());
        n.put("payloadRevision", e.payloadRevision());
        n.put("timestamp", e.timestamp());
        n.put("payload", e.payload() == null ? null : B64.encodeToString(e.payload()));
        n.put("metaData", e.metaData() == null ? null : B64.encodeToString(e.metaData()));
        n.put("seal", seal == null ? null : B64.encodeToString(seal));
        return n;
    }

    static StoredEvent event(com.fasterxml.jackson.databind.JsonNode n) {
        return new StoredEvent(n.path("globalIndex").asLong(), text(n, "eventIdentifier"), text(n, "aggregateType"),
                text(n, "aggregateIdentifier"), n.path("sequenceNumber").asLong(), text(n, "payloadType"),
                text(n, "payloadRevision"), text(n, "timestamp"), bytes(n, "payload"), bytes(n, "metaData"));
    }

    static String text(com.fasterxml.jackson.databind.JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    static byte[] bytes(com.fasterxml.jackson.databind.JsonNode n, String field) {
        return n.hasNonNull(field) ? UNB64.decode(n.get(field).asText()) : null;
    }

    /** Writes the range as the export format; call inside a (repeatable-read) transaction. */
    static void write(OutputStream out, JdbcTemplate jdbc, ObjectMapper json, long from, long to) {
        JdbcTemplate cursor = new JdbcTemplate(jdbc.getDataSource());
        cursor.setFetchSize(500);
        try (Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
            byte[] startHash = cursor.query("select hash from event_seal where global_index < ? "
                    + "order by global_index desc limit 1", rs -> rs.next() ? rs.getBytes(1) : StoredEvent.genesis(), from);
            line(json, w, header(json, from, to, startHash));
            java.util.Iterator<Long> gaps = cursor.queryForList("select global_index from event_gap "
                    + "where global_index between ? and ? order by global_index", Long.class, from, to).iterator();
            long[] nextGap = {gaps.hasNext() ? gaps.next() : Long.MAX_VALUE};
            cursor.query("select " + StoredEvents.columns("e.") + ", s.hash from domain_event_entry e "
                            + "left join event_seal s on s.global_index = e.global_index "
                            + "where e.global_index between ? and ? order by e.global_index",
                    rs -> {
                        StoredEvent e = StoredEvents.map(rs, 0);
                        for (; nextGap[0] < e.globalIndex(); nextGap[0] = gaps.hasNext() ? gaps.next() : Long.MAX_VALUE) {
                            line(json, w, gap(json, nextGap[0]));
                        }
                        line(json, w, event(json, e, rs.getBytes(11)));
                    }, from, to);
            for (; nextGap[0] != Long.MAX_VALUE; nextGap[0] = gaps.hasNext() ? gaps.next() : Long.MAX_VALUE) {
                line(json, w, gap(json, nextGap[0]));
            }
            cursor.query("select position, hash, signed_at, signature from chain_checkpoint "
                    + "where position between ? and ? order by position", rs -> {
                ObjectNode c = json.createObjectNode();
                c.putObject("checkpoint").put("position", rs.getLong(1))
                        .put("hash", B64.encodeToString(rs.getBytes(2)))
                        .put("signedAt", rs.getTimestamp(3).toInstant().toString())
                        .put("signature", B64.encodeToString(rs.getBytes(4)));
                line(json, w, c);
            }, from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void line(ObjectMapper json, Writer w, ObjectNode node) {
        try {
            w.write(json.writeValueAsString(node));
            w.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
