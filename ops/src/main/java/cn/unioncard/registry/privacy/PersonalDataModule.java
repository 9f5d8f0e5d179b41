package cn.unioncard.registry.privacy;

import cn.unioncard.registry.events.privacy.DataSubject;
import cn.unioncard.registry.events.privacy.PersonalData;
import cn.unioncard.registry.events.privacy.PersonalFields;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.NopAnnotationIntrospector;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.ser.ResolvableSerializer;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Field-level encryption for the event serializer only (never the web's mapper). A
 * {@link PersonalData} field is written as {@code "pd1:<subject>:<base64 AES-GCM>"} under the key of
 * the event's {@link DataSubject}; the ciphertext is bound to the subject and the field's name.
 * Reading it under a destroyed key gives {@link PersonalFields#ERASED} (text) or null.
 */
final class PersonalDataModule extends SimpleModule {

    static final String PREFIX = "pd1:";
    private static final Object SUBJECT = PersonalDataModule.class.getName() + ".subject";

    private final transient KeyRing keys;
    private final transient ObjectMapper plain;

    /** {@code plain} writes the field's value before encryption: the same mapper without this module. */
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
                return a.hasAnnotation(PersonalData.class) ? new Encrypting(null) : null;
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
                Method subject = subjectAccessor(description.getBeanClass());
                return subject == null ? serializer : new SubjectScope(serializer, subject);
            }
        });
    }

    private static Method subjectAccessor(Class<?> type) {
        if (!type.isRecord()) {
            return null;
        }
        return Arrays.stream(type.getRecordComponents()).filter(c -> c.isAnnotationPresent(DataSubject.class))
                .map(RecordComponent::getAccessor).findFirst().orElse(null);
    }

    private static byte[] aad(String subject, String field) {
        return (PREFIX + subject + ":" + field).getBytes(StandardCharsets.UTF_8);
    }

    /** While an event with a data subject is written, its nested personal fields know whose they are. */
    private static final class SubjectScope extends JsonSerializer<Object>
            implements ContextualSerializer, ResolvableSerializer {
        private final JsonSerializer<Object> delegate;
        private final Method subject;

        @SuppressWarnings("unchecked")
        SubjectScope(JsonSerializer<?> delegate, Method subject) {
            this.delegate = (JsonSerializer<Object>) delegate;
            this.subject = subject;
        }

        @Override
        public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            Object outer = provider.getAttribute(SUBJECT);
            provider.setAttribute(SUBJECT, subjectOf(value, provider));
            try {
                delegate.serialize(value, gen, provider);
            } finally {
                provider.setAttribute(SUBJECT, outer);
            }
        }

        @Override
        public void serializeWithType(Object value, JsonGenerator gen, SerializerProvider provider,
                                      TypeSerializer typeSer) throws IOException {
            Object outer = provider.getAttribute(SUBJECT);
            provider.setAttribute(SUBJECT, subjectOf(value, provider));
            try {
                delegate.serializeWithType(value, gen, provider, typeSer);
            } finally {
                provider.setAttribute(SUBJECT, outer);
            }
        }

        private Object subjectOf(Object value, SerializerProvider provider) throws JsonMappingException {
            try {
                return subject.invoke(value);
            } catch (ReflectiveOperationException e) {
                throw JsonMappingException.from(provider, "cannot read the data subject of "
                        + value.getClass().getSimpleName(), e);
            }
        }

        @Override
        public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property)
                throws JsonMappingException {
            if (delegate instanceof ContextualSerializer c) {
                return new SubjectScope(c.createContextual(provider, property), subject);
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

    /** Writes a personal field as ciphertext under the subject in scope. */
    private final class Encrypting extends JsonSerializer<Object> implements ContextualSerializer {
        private final String field;

        Encrypting(String field) {
            this.field = field;
        }

        @Override
        public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property) {
            return new Encrypting(property == null ? null : property.getName());
        }

        @Override
        public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (!(provider.getAttribute(SUBJECT) instanceof String subject) || field == null) {
                // No personal value may be written in clear, so this is a programming error, not a fallback.
                throw JsonMappingException.from(provider, "personal field '" + field
                        + "' written outside an event with a @DataSubject");
            }
            byte[] sealed = Gcm.seal(keys.forWriting(subject), plain.writeValueAsBytes(value), aad(subject, field));
            gen.writeString(PREFIX + subject + ":" + Base64.getEncoder().encodeToString(sealed));
        }
    }

    /** Reads a personal field back; under a destroyed key it reads as erased. */
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
            if (p.currentToken() != JsonToken.VALUE_STRING || !p.getText().startsWith(PREFIX)) {
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
            try {
                return plain.readValue(opened, type);
            } catch (IOException e) {
                // Not chained: Jackson's message would quote the decrypted value.
                throw JsonMappingException.from(p, "personal field '" + field + "' does not read as "
                        + type.getRawClass().getSimpleName() + ": " + e.getClass().getSimpleName());
            }
        }
    }
}
