package cn.unioncard.registry.privacy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.WritableTypeId;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.ser.ResolvableSerializer;
import com.fasterxml.jackson.databind.util.TokenBuffer;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * Writes an event with a data subject in the pd2 format ({@link SealedFields}): the event is first
 * written to a buffer, where the per-field serializer leaves each personal value aside, knowing
 * whose it is; those values are then sealed together under the subject's key.
 */
final class EventSealer extends JsonSerializer<Object> implements ContextualSerializer, ResolvableSerializer {

    /** The subject of the event being written, for its (nested) personal fields. */
    static final Object SUBJECT = EventSealer.class.getName() + ".subject";

    private final JsonSerializer<Object> delegate;
    private final Method subject;
    private final KeyRing keys;
    private final ObjectMapper plain;

    @SuppressWarnings("unchecked")
    EventSealer(JsonSerializer<?> delegate, Method subject, KeyRing keys, ObjectMapper plain) {
        this.delegate = (JsonSerializer<Object>) delegate;
        this.subject = subject;
        this.keys = keys;
        this.plain = plain;
    }

    @Override
    public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        sealed(value, provider).serialize(gen, provider);
    }

    @Override
    public void serializeWithType(Object value, JsonGenerator gen, SerializerProvider provider,
                                  TypeSerializer typeSer) throws IOException {
        ObjectNode tree = sealed(value, provider);
        WritableTypeId id = typeSer.writeTypePrefix(gen, typeSer.typeId(value, JsonToken.START_OBJECT));
        for (Map.Entry<String, JsonNode> field : tree.properties()) {
            gen.writeFieldName(field.getKey());
            ((JsonSerializable) field.getValue()).serialize(gen, provider);
        }
        typeSer.writeTypeSuffix(gen, id);
    }

    private ObjectNode sealed(Object value, SerializerProvider provider) throws IOException {
        String owner = subjectOf(value, provider);
        TokenBuffer buffer = new TokenBuffer(plain, false);
        Object outer = provider.getAttribute(SUBJECT);
        provider.setAttribute(SUBJECT, owner);
        try {
            delegate.serialize(value, buffer, provider);
        } finally {
            provider.setAttribute(SUBJECT, outer);
        }
        if (!(plain.readTree(buffer.asParser(plain)) instanceof ObjectNode tree)) {
            throw JsonMappingException.from(provider, value.getClass().getSimpleName() + " is not written as an object");
        }
        ObjectNode personal = SealedFields.takeOut(tree);
        if (!personal.isEmpty()) {
            // Only a personal value written under a subject was taken out, so owner is not null here.
            try {
                tree.put(SealedFields.PROPERTY,
                        SealedFields.seal(keys.forWriting(owner), plain, personal, owner, value.getClass()));
            } catch (RuntimeException e) {
                // Wrapped as a failing field's would be, so callers see the serializer's usual failure.
                throw JsonMappingException.from(provider, "cannot seal the personal data of a "
                        + value.getClass().getSimpleName() + ": " + e.getMessage(), e);
            }
        }
        return tree;
    }

    private String subjectOf(Object value, SerializerProvider provider) throws JsonMappingException {
        try {
            return (String) subject.invoke(value);
        } catch (ReflectiveOperationException e) {
            throw JsonMappingException.from(provider, "cannot read the data subject of "
                    + value.getClass().getSimpleName(), e);
        }
    }

    @Override
    public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property)
            throws JsonMappingException {
        if (delegate instanceof ContextualSerializer c) {
            return new EventSealer(c.createContextual(provider, property), subject, keys, plain);
        }
        return this;
    }

    @Override
    public void resolve(SerializerProvider provider) throws JsonMappingException {
        if (delegate instanceof ResolvableSerializer r) {
            r.resolve(provider);
        }
    }
}
