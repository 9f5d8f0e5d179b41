package cn.unioncard.registry.privacy;

import cn.unioncard.registry.events.card.IssuanceResult;
import cn.unioncard.registry.events.privacy.PersonalFields;
import cn.unioncard.registry.events.validation.Violation;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.serialization.ChainingConverter;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The serializer of everything that enters the event store (events, dead letters): Jackson with
 * {@link PersonalDataModule}, on a copy of the application's mapper so that web answers are never
 * encrypted. Each event type is checked once for fields nobody classified (see
 * {@link ClassifiedEvents}), so a new event cannot slip personal data in clear.
 */
@Configuration(proxyBeanMethods = false)
class EventSerializerConfiguration {

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer(ObjectMapper applicationMapper, KeyRing keys, RevisionResolver revisions) {
        return new ClassifiedEvents(encryptingSerializer(applicationMapper, keys, revisions));
    }

    static JacksonSerializer encryptingSerializer(ObjectMapper application, KeyRing keys, RevisionResolver revisions) {
        ObjectMapper base = application.copy().addMixIn(Violation.class, StoredViolation.class)
                .addMixIn(IssuanceResult.class, StoredIssuanceResult.class);
        ObjectMapper plain = base.copy();
        ObjectMapper encrypting = base.copy().registerModule(new PersonalDataModule(keys, plain));
        return JacksonSerializer.builder()
                .objectMapper(encrypting)
                .revisionResolver(revisions)
                .converter(new ChainingConverter(EventSerializerConfiguration.class.getClassLoader()))
                .build();
    }

    /**
     * {@link Violation#isError()} is derived from its severity, not a component: without this it is written
     * as {@code "error"} (import events carry violations) and then refused as unknown when the event is read.
     */
    @JsonIgnoreProperties("error")
    private abstract static class StoredViolation {
    }

    /**
     * Jackson takes {@link IssuanceResult#issued()} for a getter of a property {@code "sued"} ("is" + "sued"): stored
     * bank returns carry it, and reading one back (a replay, the event stream) refused it as unknown. Not written
     * any more, and ignored where stored.
     */
    @JsonIgnoreProperties("sued")
    private abstract static class StoredIssuanceResult {
    }

    /** Delegates to the encrypting serializer after checking the type's classification once. */
    record ClassifiedEvents(Serializer delegate) implements Serializer {

        private static final ClassValue<String> PROBLEMS = new ClassValue<>() {
            @Override
            protected String computeValue(Class<?> type) {
                return !type.isRecord() ? "" : String.join("; ", PersonalFields.unclassified(type));
            }
        };

        @Override
        public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
            if (object != null) {
                String problems = PROBLEMS.get(object.getClass());
                if (!problems.isEmpty()) {
                    throw new IllegalStateException("event not classified for personal data: " + problems);
                }
            }
            return delegate.serialize(object, expectedRepresentation);
        }

        @Override
        public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
            return delegate.canSerializeTo(expectedRepresentation);
        }

        @Override
        public <S, T> T deserialize(SerializedObject<S> serializedObject) {
            return delegate.deserialize(serializedObject);
        }

        @Override
        @SuppressWarnings("rawtypes")
        public Class classForType(SerializedType type) {
            return delegate.classForType(type);
        }

        @Override
        @SuppressWarnings("rawtypes")
        public SerializedType typeForClass(Class type) {
            return delegate.typeForClass(type);
        }

        @Override
        public Converter getConverter() {
            return delegate.getConverter();
        }
    }
}
