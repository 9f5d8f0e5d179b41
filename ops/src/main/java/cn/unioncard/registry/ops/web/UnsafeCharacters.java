package cn.unioncard.registry.ops.web;

import cn.unioncard.registry.events.validation.FormFields;
import cn.unioncard.registry.events.validation.Text;
import cn.unioncard.registry.events.validation.Violations;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one rule every value arriving at the edge shares: no control character (PostgreSQL refuses a
 * NUL, logs and cards misprint the rest) and no invisible one (bidi overrides, zero-width
 * characters: a value must look like what it is). Free text gets the same rule again, and more,
 * in {@link FormFields}.
 */
final class UnsafeCharacters {

    private UnsafeCharacters() {
    }

    /** Adds a violation naming {@code field} when {@code value} holds an unsafe character. */
    static void check(Violations v, String field, String value) {
        if (value != null && !value.isEmpty()) {
            FormFields.printable(v, field, value);
        }
    }

    /**
     * A field name fit to show in an answer: unsafe characters written as {@code \\uXXXX}, so the
     * client sees which parameter was meant without the answer carrying the character itself.
     */
    static String shown(String name) {
        StringBuilder out = new StringBuilder(name.length());
        name.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp) || Text.isInvisible(cp)) {
                out.append(String.format("\\u%04X", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    /** One {@code name=value} pair of a query string, each part decoded ({@link #decode}: empty when malformed). */
    record QueryPair(Optional<String> name, Optional<String> value) {
    }

    /** The query string's non-empty pairs in order, decoded as the edge decodes them. */
    static List<QueryPair> pairs(String query) {
        List<QueryPair> pairs = new ArrayList<>();
        if (query == null || query.isEmpty()) {
            return pairs;
        }
        for (String pair : query.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                pairs.add(new QueryPair(decode(eq < 0 ? pair : pair.substring(0, eq)),
                        eq < 0 ? Optional.of("") : decode(pair.substring(eq + 1))));
            }
        }
        return pairs;
    }

    /** The refusal of a pair that {@link #decode} could not read. */
    static void malformedQuery(Violations v, String field) {
        v.error(field, "query.encoding", "查询参数的百分号编码无效或不是 UTF-8",
                "the parameter's percent-encoding is malformed or not UTF-8");
    }

    /**
     * Percent-decodes a query string component as strict UTF-8 ({@code +} is a space); empty when
     * an escape is malformed or the bytes are not UTF-8.
     */
    static Optional<String> decode(String raw) {
        byte[] bytes = new byte[raw.length() * 3];
        int n = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                bytes[n++] = (byte) (hi * 16 + lo);
                i += 2;
            } else if (c == '+') {
                bytes[n++] = ' ';
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(encoded, 0, bytes, n, encoded.length);
                n += encoded.length;
            }
        }
        return strictUtf8(bytes, n);
    }

    /**
     * A header value as the client meant it: Tomcat reads header bytes as ISO-8859-1, so a value
     * that is valid UTF-8 is read again as UTF-8; otherwise it stays as it is.
     */
    static String headerText(String value) {
        boolean wide = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xFF) {
                return value;
            }
            wide |= c > 0x7F;
        }
        return wide ? strictUtf8(value.getBytes(StandardCharsets.ISO_8859_1), -1).orElse(value) : value;
    }

    private static Optional<String> strictUtf8(byte[] bytes, int length) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length < 0 ? bytes.length : length));
            return Optional.of(chars.toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
