package cn.unioncard.registry.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;

import javax.crypto.SecretKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * The pd2 format, one ciphertext per event instead of one per field (pd1's prefix, nonce and tag
 * on each field made a registration 1.7 KB). The event's non-null personal values leave their
 * places in its JSON and travel, keyed by name in the event's own shape ({@code {"details":
 * {"name":…}}}), as one AES-GCM message in the property {@value #PROPERTY}, bound to the subject
 * and the event type. A personal field that was null stays in place as null, so a reader without
 * the key knows which ones to show erased.
 */
final class SealedFields {

    static final String PROPERTY = "pd2";
    private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();

    /** A personal value in the tree being written: the per-field serializer leaves it for {@link #takeOut}. */
    record Taken(Object value) {
    }

    /** A personal value opened from the ciphertext, back in its place for the per-field deserializer. */
    record Opened(JsonNode value) {
    }

    private SealedFields() {
    }

    /**
     * Bound to the format, the subject and the event's simple name: a ciphertext moved to another
     * member or another kind of event does not open, while a package move needs no re-encryption.
     */
    static byte[] aad(String subject, Class<?> eventType) {
        return (PROPERTY + ":" + subject + ":" + eventType.getSimpleName()).getBytes(StandardCharsets.UTF_8);
    }

    static String seal(SecretKey key, ObjectMapper plain, ObjectNode personal, String subject, Class<?> eventType)
            throws IOException {
        return BASE64.encodeToString(Gcm.seal(key, plain.writeValueAsBytes(personal), aad(subject, eventType)));
    }

    static ObjectNode open(SecretKey key, ObjectMapper plain, JsonNode sealed, String subject, Class<?> eventType) {
        if (!sealed.isTextual()) {
            throw new IllegalStateException("the event's " + PROPERTY + " property is not text");
        }
        byte[] opened = Gcm.open(key, Base64.getDecoder().decode(sealed.textValue()), aad(subject, eventType));
        JsonNode personal;
        try {
            personal = plain.readTree(opened);
        } catch (IOException e) {
            // Not chained: Jackson's message would quote the decrypted text.
            personal = null;
        }
        if (!(personal instanceof ObjectNode object)) {
            throw new IllegalStateException("the event's " + PROPERTY + " property does not hold an object");
        }
        return object;
    }

    /** Moves every {@link Taken} value out of {@code tree}, answering them in the tree's shape. */
    static ObjectNode takeOut(ObjectNode tree) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode taken = takeOutOf(field.getValue());
            if (field.getValue() instanceof POJONode) {
                it.remove();
            }
            if (taken != null) {
                out.set(field.getKey(), taken);
            }
        }
        return out;
    }

    private static JsonNode takeOutOf(JsonNode node) {
        if (node instanceof POJONode pojo && pojo.getPojo() instanceof Taken taken) {
            return JsonNodeFactory.instance.pojoNode(taken.value());
        }
        if (node instanceof POJONode) {
            throw new IllegalStateException("an embedded value that is not a personal one in an event");
        }
        if (node instanceof ObjectNode object) {
            ObjectNode inner = takeOut(object);
            return inner.isEmpty() ? null : inner;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode inner = JsonNodeFactory.instance.arrayNode();
            boolean any = false;
            for (JsonNode element : array) {
                JsonNode taken = takeOutOf(element);
                any |= taken != null;
                inner.add(taken == null ? JsonNodeFactory.instance.nullNode() : taken);
            }
            return any ? inner : null;
        }
        return null;
    }

    /** Puts opened values back where {@link #takeOut} found them, as {@link Opened} values. */
    static void putBack(ObjectNode tree, ObjectNode personal) {
        for (Iterator<Map.Entry<String, JsonNode>> it = personal.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode here = tree.get(field.getKey());
            if (here == null) {
                tree.putPOJO(field.getKey(), new Opened(field.getValue()));
            } else {
                putBackInto(here, field.getValue(), field.getKey());
            }
        }
    }

    private static void putBackInto(JsonNode here, JsonNode personal, String name) {
        if (here instanceof ObjectNode object && personal instanceof ObjectNode inner) {
            putBack(object, inner);
        } else if (here instanceof ArrayNode array && personal instanceof ArrayNode inner
                && array.size() == inner.size()) {
            for (int i = 0; i < array.size(); i++) {
                if (!inner.get(i).isNull()) {
                    putBackInto(array.get(i), inner.get(i), name);
                }
            }
        } else {
            // Names only: the values are personal.
            throw new IllegalStateException("the sealed personal data does not fit the event at '" + name + "'");
        }
    }
}
