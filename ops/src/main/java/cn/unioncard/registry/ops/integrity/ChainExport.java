package cn.unioncard.registry.ops.integrity;

import cn.unioncard.registry.events.integrity.StoredEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Base64;

/**
 * The exported event stream, one JSON object a line: a header
 * {@code {"format":"ucr-events-1","from":…,"to":…,"startHash":…}}, then each stored event with its
 * seal ({@code globalIndex, eventIdentifier, aggregateType, aggregateIdentifier, sequenceNumber,
 * payloadType, payloadRevision, timestamp, payload, metaData, seal}; bytes in base64, exactly as
 * stored), then the signed checkpoints of the range ({@code {"checkpoint":{position, hash,
 * signedAt, signature}}}).
 */
final class ChainExport {

    static final String FORMAT = "ucr-events-1";
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder UNB64 = Base64.getDecoder();

    private ChainExport() {
    }

    static ObjectNode header(ObjectMapper json, long from, long to, byte[] startHash) {
        return json.createObjectNode().put("format", FORMAT).put("from", from).put("to", to)
                .put("startHash", B64.encodeToString(startHash));
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
}
