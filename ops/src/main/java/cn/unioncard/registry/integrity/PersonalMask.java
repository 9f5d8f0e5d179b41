package cn.unioncard.registry.integrity;

import cn.unioncard.registry.events.member.Masking;
import cn.unioncard.registry.events.privacy.PersonalData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.Collection;

/**
 * The personal fields of an event as an auditor's page shows them, walked by the event's own
 * classification ({@link PersonalData}, nested records included): masked as the registry masks them
 * (ID and card numbers, mobiles and addresses keep their usual parts; a name its first character;
 * anything else nothing), in clear when revealed, and {@value #ERASED} once the member was erased.
 */
final class PersonalMask {

    static final String ERASED = "erased";
    static final String HIDDEN = "****";

    /** How the page shows personal values. */
    enum View { MASKED, REVEALED, ERASED }

    private PersonalMask() {
    }

    /** Rewrites {@code tree}, the JSON of a {@code type} value, in place. */
    static void apply(Class<?> type, JsonNode tree, View view) {
        if (!(tree instanceof ObjectNode node) || !type.isRecord()) {
            return;
        }
        for (RecordComponent c : type.getRecordComponents()) {
            JsonNode value = node.get(c.getName());
            if (value == null) {
                continue;
            }
            if (c.isAnnotationPresent(PersonalData.class)) {
                if (view == View.ERASED) {
                    node.put(c.getName(), ERASED);
                } else if (view == View.MASKED && !value.isNull()) {
                    node.put(c.getName(), mask(c.getName(), value.asText()));
                }
            } else if (value instanceof ArrayNode array && elementType(c) != null) {
                array.forEach(element -> apply(elementType(c), element, view));
            } else if (value.isObject()) {
                apply(c.getType(), value, view);
            }
        }
    }

    static String mask(String field, String value) {
        String f = field.toLowerCase(java.util.Locale.ROOT);
        if (f.contains("idnumber")) {
            return Masking.idNumber(value);
        } else if (f.contains("mobile") || f.contains("phone")) {
            return Masking.mobile(value);
        } else if (f.contains("cardnumber") || f.equals("oldnumber") || f.equals("newnumber")) {
            return Masking.cardNumber(value);
        } else if (f.contains("address")) {
            return Masking.address(value);
        } else if (f.equals("name") && !value.isEmpty()) {
            int first = value.offsetByCodePoints(0, 1);
            return value.substring(0, first) + "*".repeat(Math.max(1, value.codePointCount(first, value.length())));
        }
        return HIDDEN;
    }

    private static Class<?> elementType(RecordComponent c) {
        if (Collection.class.isAssignableFrom(c.getType()) && c.getGenericType() instanceof ParameterizedType p
                && p.getActualTypeArguments()[0] instanceof Class<?> k && k.isRecord()) {
            return k;
        }
        return null;
    }
}
