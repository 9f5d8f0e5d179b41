package cn.unioncard.registry.ops.web;

import cn.unioncard.registry.events.validation.Violation;
import cn.unioncard.registry.events.validation.Violations;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Every JSON string (and field name) in a request body is checked once, as the parser reads it,
 * whatever it becomes (text, a date, an enum): an unsafe character ({@link UnsafeCharacters}) is
 * refused naming the JSON path. A number or boolean where text is expected is a type error
 * (Jackson's coercion config for textual types; {@code allow-coercion-of-scalars} does not cover
 * text). Only the web's reader gets this: the event serializer, built on the application's
 * mapper, must read stored events as they are.
 */
@Configuration(proxyBeanMethods = false)
class JsonInputCheck implements WebMvcConfigurer {

    @Override
    public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
        for (HttpMessageConverter<?> converter : converters) {
            if (converter instanceof MappingJackson2HttpMessageConverter jackson
                    && !(jackson.getObjectMapper().getFactory() instanceof CheckingFactory)) {
                jackson.setObjectMapper(strict(jackson.getObjectMapper()));
            }
        }
    }

    /** A copy of {@code base} whose parsers check every string and which never coerces a scalar to text. */
    static ObjectMapper strict(ObjectMapper base) {
        ObjectMapper mapper = base.copyWith(new CheckingFactory(base.getFactory()));
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        // Jackson would also read [2024,5,20] and even [] (as null) as a date: a date is "yyyy-MM-dd" only.
        SimpleModule dates = new SimpleModule("registry-dates-as-text");
        dates.addDeserializer(LocalDate.class, new IsoDate());
        return mapper.registerModule(dates);
    }

    /** A date as ISO text, nothing else (the contextual java.time deserializers cannot be narrowed by subclassing). */
    static final class IsoDate extends StdScalarDeserializer<LocalDate> {

        IsoDate() {
            super(LocalDate.class);
        }

        @Override
        public LocalDate deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return (LocalDate) ctxt.handleUnexpectedToken(LocalDate.class, p);
            }
            String text = p.getText().trim();
            try {
                return LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                return (LocalDate) ctxt.handleWeirdStringValue(LocalDate.class, text, "a date is yyyy-MM-dd");
            }
        }
    }

    /** Makes {@link CheckingParser}s. */
    static final class CheckingFactory extends JsonFactory {

        CheckingFactory(JsonFactory base) {
            super(base, base.getCodec());
        }

        @Override
        public JsonFactory copy() {
            return new CheckingFactory(this);
        }

        @Override
        protected JsonParser _createParser(InputStream in, IOContext ctxt) throws IOException {
            return new CheckingParser(super._createParser(in, ctxt));
        }

        @Override
        protected JsonParser _createParser(Reader r, IOContext ctxt) throws IOException {
            return new CheckingParser(super._createParser(r, ctxt));
        }

        @Override
        protected JsonParser _createParser(byte[] data, int offset, int len, IOContext ctxt) throws IOException {
            return new CheckingParser(super._createParser(data, offset, len, ctxt));
        }

        @Override
        protected JsonParser _createParser(char[] data, int offset, int len, IOContext ctxt, boolean recyclable)
                throws IOException {
            return new CheckingParser(super._createParser(data, offset, len, ctxt, recyclable));
        }
    }

    /** Checks the current token after every move: a string value or a field name. */
    static final class CheckingParser extends JsonParserDelegate {

        CheckingParser(JsonParser parser) {
            super(parser);
        }

        @Override
        public JsonToken nextToken() throws IOException {
            return checked(super.nextToken());
        }

        @Override
        public JsonToken nextValue() throws IOException {
            return checked(super.nextValue());
        }

        @Override
        public String nextFieldName() throws IOException {
            return checked(super.nextFieldName());
        }

        @Override
        public boolean nextFieldName(SerializableString str) throws IOException {
            return checked(super.nextFieldName(str));
        }

        @Override
        public String nextTextValue() throws IOException {
            return checked(super.nextTextValue());
        }

        @Override
        public int nextIntValue(int defaultValue) throws IOException {
            return checked(super.nextIntValue(defaultValue));
        }

        @Override
        public long nextLongValue(long defaultValue) throws IOException {
            return checked(super.nextLongValue(defaultValue));
        }

        @Override
        public Boolean nextBooleanValue() throws IOException {
            return checked(super.nextBooleanValue());
        }

        /** {@code value}, once the token the move landed on is checked. */
        private <T> T checked(T value) throws IOException {
            check();
            return value;
        }

        private void check() throws IOException {
            JsonToken t = currentToken();
            String text = t == JsonToken.VALUE_STRING ? getText() : t == JsonToken.FIELD_NAME ? currentName() : null;
            if (text == null) {
                return;
            }
            Violations v = new Violations();
            UnsafeCharacters.check(v, "", text);
            if (v.hasErrors()) {
                String path = path(getParsingContext(), t == JsonToken.FIELD_NAME);
                Violation refused = v.list().get(0);
                throw new UnsafeText(this, Violation.error(path.isEmpty() ? "body" : path, refused.code(),
                        refused.zh(), refused.en()));
            }
        }

        /** The JSON path of the current token as the problem handler writes paths: names and [index], joined by dots. */
        private static String path(JsonStreamContext context, boolean fieldName) {
            Deque<String> parts = new ArrayDeque<>();
            for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
                if (c.inObject()) {
                    String name = c.getCurrentName();
                    // A field name that is itself refused is shown escaped, like a refused query parameter name.
                    parts.addFirst(name == null ? "?" : c == context && fieldName ? UnsafeCharacters.shown(name) : name);
                } else if (c.inArray()) {
                    parts.addFirst("[" + Math.max(c.getCurrentIndex(), 0) + "]");
                }
            }
            return String.join(".", parts);
        }
    }

    /** A refused string; the message names the rule and the path, never the value (it may be personal data). */
    static final class UnsafeText extends MismatchedInputException {

        private final transient Violation violation;

        UnsafeText(JsonParser p, Violation violation) {
            super(p, "refused string at " + violation.field() + ": " + violation.code(), String.class);
            this.violation = violation;
        }

        Violation violation() {
            return violation;
        }
    }
}
