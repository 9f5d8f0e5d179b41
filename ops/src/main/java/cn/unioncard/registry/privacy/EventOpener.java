package cn.unioncard.registry.privacy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.jsontype.TypeDeserializer;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.SecretKey;
import java.io.IOException;
import java.util.Optional;

/**
 * Reads an event with a data subject: a pd2 event's sealed values are opened and put back in
 * their places before the event is read as usual (pd1 events, with no {@value SealedFields#PROPERTY}
 * property, are read as they always were, field by field). {@link #MODE} tells the per-field
 * deserializer which format it is in.
 */
final class EventOpener extends DelegatingDeserializer {

    static final Object MODE = EventOpener.class.getName() + ".mode";

    /** The state of a pd2 event being read: opened, or sealed under a destroyed key. */
    enum Mode { OPENED, ERASED }

    private final String subjectProperty;
    private final Class<?> eventType;
    private final transient KeyRing keys;
    private final transient ObjectMapper plain;

    EventOpener(JsonDeserializer<?> delegate, String subjectProperty, Class<?> eventType, KeyRing keys,
                ObjectMapper plain) {
        super(delegate);
        this.subjectProperty = subjectProperty;
        this.eventType = eventType;
        this.keys = keys;
        this.plain = plain;
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
        return new EventOpener(delegate, subjectProperty, eventType, keys, plain);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext context) throws IOException {
        JsonNode node = context.readTree(p);
        JsonNode sealed = node instanceof ObjectNode tree ? tree.remove(SealedFields.PROPERTY) : null;
        Mode mode = null;
        try {
            mode = sealed == null ? null : open((ObjectNode) node, sealed);
        } catch (RuntimeException e) {
            // Wrapped as a failing field's would be; our messages name no personal value.
            throw JsonMappingException.from(p, "cannot open the sealed personal data of a "
                    + eventType.getSimpleName() + ": " + e.getMessage(), e);
        }
        Object outer = context.getAttribute(MODE);
        context.setAttribute(MODE, mode);
        try (JsonParser tokens = node.traverse(p.getCodec())) {
            tokens.nextToken();
            return _delegatee.deserialize(tokens, context);
        } finally {
            context.setAttribute(MODE, outer);
        }
    }

    /** With type information the subtype's own deserializer (this, for a subtype with a subject) opens it. */
    @Override
    public Object deserializeWithType(JsonParser p, DeserializationContext context, TypeDeserializer typeDeserializer)
            throws IOException {
        return typeDeserializer.deserializeTypedFromObject(p, context);
    }

    private Mode open(ObjectNode tree, JsonNode sealed) {
        String subject = tree.path(subjectProperty).textValue();
        if (subject == null) {
            throw new IllegalStateException("an event with sealed personal data names no data subject");
        }
        Optional<SecretKey> key = keys.forReading(subject);
        if (key.isEmpty()) {
            return Mode.ERASED;
        }
        SealedFields.putBack(tree, SealedFields.open(key.get(), plain, sealed, subject, eventType));
        return Mode.OPENED;
    }
}
