package cn.unioncard.registry.privacy;

import cn.unioncard.registry.events.privacy.DataSubject;
import cn.unioncard.registry.events.privacy.PersonalData;
import cn.unioncard.registry.events.privacy.PersonalFields;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.NopAnnotationIntrospector;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.util.TokenBuffer;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Encryption of personal data for the event serializer only (never the web's mapper). An event
 * with a {@link DataSubject} is written in the pd2 format ({@link SealedFields}, {@link EventSealer}):
 * all its {@link PersonalData} values in one AES-GCM message under the subject's key. Events in the
 * earlier pd1 format, each field {@code "pd1:<subject>:<base64 AES-GCM>"}, are still read. Under a
 * destroyed key a personal field reads as {@link PersonalFields#ERASED} (text) or null, in both.
 */
final class PersonalDataModule extends SimpleModule {

    static final String PREFIX = "pd1:";

    private final transient KeyRing keys;
    private final transient ObjectMapper plain;

    /** {@code plain} writes the personal values before encryption: the same mapper without this module. */
    PersonalDataModule(KeyRing keys, ObjectMapper plain) {
        super("personal-data");
        this.keys = keys;
        this.plain = plain;
    }

    @Override
    public void setupModule(SetupContext context) {
        super.setupModule(context);
        context.insertAnnotationIntrospector(new NopAnnotationIntrospector() {
            @Override
            public Object findSerializer(Annotated a) {
                return a.hasAnnotation(PersonalData.class) ? new Taking(null) : null;
            }

            @Override
            public Object findDeserializer(Annotated a) {
                return a.hasAnnotation(PersonalData.class) ? new Decrypting(null, null) : null;
            }
        });
        context.addBeanSerializerModifier(new BeanSerializerModifier() {
            @Override
            public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription description,
                                                      JsonSerializer<?> serializer) {
                RecordComponent subject = subjectOf(description.getBeanClass());
                return subject == null ? serializer : new EventSealer(serializer, subject.getAccessor(), keys, plain);
            }
        });
        context.addBeanDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                                                          JsonDeserializer<?> deserializer) {
                RecordComponent subject = subjectOf(description.getBeanClass());
                return subject == null ? deserializer
                        : new EventOpener(deserializer, subject.getName(), description.getBeanClass(), keys, plain);
            }
        });
    }

    /** The data subject of an event that carries personal data, or null. */
    private static RecordComponent subjectOf(Class<?> type) {
        if (!PersonalFields.carriesPersonalData(type)) {
            return null;
        }
        return Arrays.stream(type.getRecordComponents()).filter(c -> c.isAnnotationPresent(DataSubject.class))
                .findFirst().orElse(null);
    }

    private static byte[] aad(String subject, String field) {
        return (PREFIX + subject + ":" + field).getBytes(StandardCharsets.UTF_8);
    }

    /** Leaves a personal value aside for {@link EventSealer}, which seals it with the event's others. */
    private static final class Taking extends JsonSerializer<Object> implements ContextualSerializer {
        private final String field;

        Taking(String field) {
            this.field = field;
        }

        @Override
        public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property) {
            return new Taking(property == null ? null : property.getName());
        }

        @Override
        public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (!(provider.getAttribute(EventSealer.SUBJECT) instanceof String) || field == null
                    || !(gen instanceof TokenBuffer)) {
                // No personal value may be written in clear, so this is a programming error, not a fallback.
                throw JsonMappingException.from(provider, "personal field '" + field
                        + "' written outside an event with a @DataSubject");
            }
            gen.writeEmbeddedObject(new SealedFields.Taken(value));
        }
    }

    /**
     * Reads a personal field back: in a pd2 event, the value {@link EventOpener} opened; in a pd1
     * event, its own ciphertext. Under a destroyed key it reads as erased.
     */
    private final class Decrypting extends JsonDeserializer<Object> implements ContextualDeserializer {
        private final String field;
        private final JavaType type;

        Decrypting(String field, JavaType type) {
            this.field = field;
            this.type = type;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property) {
            return new Decrypting(property.getName(), property.getType());
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext context) throws IOException {
            Object mode = context.getAttribute(EventOpener.MODE);
            if (mode == EventOpener.Mode.OPENED && p.currentToken() == JsonToken.VALUE_EMBEDDED_OBJECT
                    && p.getEmbeddedObject() instanceof SealedFields.Opened opened) {
                return read(p, plain.treeAsTokens(opened.value()));
            }
            if (mode != null || p.currentToken() != JsonToken.VALUE_STRING || !p.getText().startsWith(PREFIX)) {
                throw JsonMappingException.from(p, "personal field '" + field + "' is not encrypted in the store");
            }
            String text = p.getText();
            int split = text.indexOf(':', PREFIX.length());
            if (split < 0) {
                throw JsonMappingException.from(p, "personal field '" + field + "' has no data subject");
            }
            String subject = text.substring(PREFIX.length(), split);
            var key = keys.forReading(subject);
            if (key.isEmpty()) {
                return PersonalFields.erasedValue(type.getRawClass());
            }
            byte[] opened = Gcm.open(key.get(), Base64.getDecoder().decode(text.substring(split + 1)),
                    aad(subject, field));
            return read(p, plain.createParser(opened));
        }

        /** A pd2 value absent from its place was sealed, unless the event was written before the field existed. */
        @Override
        public Object getAbsentValue(DeserializationContext context) {
            return context.getAttribute(EventOpener.MODE) == EventOpener.Mode.ERASED
                    ? PersonalFields.erasedValue(type.getRawClass()) : null;
        }

        private Object read(JsonParser p, JsonParser value) throws IOException {
            try (value) {
                return plain.readValue(value, type);
            } catch (IOException e) {
                // Not chained: Jackson's message would quote the decrypted value.
                throw JsonMappingException.from(p, "personal field '" + field + "' does not read as "
                        + type.getRawClass().getSimpleName() + ": " + e.getClass().getSimpleName());
            }
        }
    }
}
