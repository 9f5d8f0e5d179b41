package cn.unioncard.registry.events.privacy;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * What of an event is a member's personal data, and what an erased value looks like. Every
 * component of an event (and of the records nested in it) is classified: {@link PersonalData},
 * {@link NotPersonal}, the {@link DataSubject}, or a type that cannot hold text (numbers, booleans,
 * enums). {@link #unclassified} lists what is not, so a new event cannot forget a field.
 */
public final class PersonalFields {

    /** What an erased text field shows everywhere: in views, exports, replays and as-of states. */
    public static final String ERASED = "已删除";

    private static final String SHARED_LANGUAGE = "cn.unioncard.registry.events";
    private static final Set<Class<?>> PLAIN = Set.of(Boolean.class, Byte.class, Short.class, Integer.class,
            Long.class, Float.class, Double.class, Character.class);

    private PersonalFields() {
    }

    /** Descriptions of what is wrong with the event type's classification; empty when it is complete. */
    public static List<String> unclassified(Class<?> eventType) {
        List<String> problems = new ArrayList<>();
        if (!eventType.isRecord()) {
            problems.add(eventType.getName() + " is not a record");
            return problems;
        }
        boolean personal = walk(eventType, problems);
        long subjects = subjects(eventType);
        if (personal && subjects != 1) {
            problems.add(eventType.getName() + " carries personal data but has " + subjects
                    + " @DataSubject components (needs exactly one, naming the member)");
        }
        return problems;
    }

    /** Whether the type, or a record nested in it, has a {@link PersonalData} component. */
    public static boolean carriesPersonalData(Class<?> eventType) {
        return eventType.isRecord() && walk(eventType, new ArrayList<>());
    }

    /** The value of the event's {@link DataSubject} component, or null when it has none. */
    public static String subjectOf(Record event) {
        for (RecordComponent c : event.getClass().getRecordComponents()) {
            if (c.isAnnotationPresent(DataSubject.class)) {
                return (String) read(c, event);
            }
        }
        return null;
    }

    /**
     * A copy with every personal field erased, nested records included: text becomes
     * {@link #ERASED}, anything else null (and null stays null). Exactly what reading the stored
     * event under a destroyed key gives.
     */
    @SuppressWarnings("unchecked")
    public static <R extends Record> R erased(R value) {
        if (value == null) {
            return null;
        }
        RecordComponent[] components = value.getClass().getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            types[i] = c.getType();
            Object current = read(c, value);
            if (c.isAnnotationPresent(PersonalData.class)) {
                // An absent value stays absent: the store kept no ciphertext for it.
                args[i] = current == null ? null : erasedValue(c.getType());
            } else if (current instanceof Record nested && isSharedLanguage(c.getType())) {
                args[i] = erased(nested);
            } else {
                args[i] = current;
            }
        }
        try {
            Constructor<?> canonical = value.getClass().getDeclaredConstructor(types);
            canonical.setAccessible(true);
            return (R) canonical.newInstance(args);
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException
                 | InvocationTargetException e) {
            throw new IllegalStateException("cannot copy " + value.getClass().getName(), e);
        }
    }

    /** The value an erased field of this type reads as. */
    public static Object erasedValue(Class<?> type) {
        return type == String.class ? ERASED : null;
    }

    public static boolean isErased(String value) {
        return ERASED.equals(value);
    }

    private static boolean walk(Class<?> record, List<String> problems) {
        boolean personal = false;
        boolean wholeRecordClear = record.isAnnotationPresent(NotPersonal.class);
        for (RecordComponent c : record.getRecordComponents()) {
            String where = record.getSimpleName() + "." + c.getName();
            boolean isPersonal = c.isAnnotationPresent(PersonalData.class);
            int marks = (isPersonal ? 1 : 0) + (c.isAnnotationPresent(NotPersonal.class) ? 1 : 0)
                    + (c.isAnnotationPresent(DataSubject.class) ? 1 : 0);
            Class<?> nested = nestedRecord(c);
            if (marks > 1) {
                problems.add(where + " has more than one of @PersonalData, @NotPersonal, @DataSubject");
            } else if (isPersonal && c.getType().isPrimitive()) {
                problems.add(where + " is personal but primitive: it could not be erased (use a boxed type)");
            } else if (c.isAnnotationPresent(DataSubject.class) && c.getType() != String.class) {
                problems.add(where + " is the data subject but not a String");
            } else if (isPersonal) {
                personal = true;
            } else if (nested != null && marks == 0) {
                personal |= walk(nested, problems);
            } else if (marks == 0 && !wholeRecordClear && !cannotHoldText(c.getType())) {
                problems.add(where + " (" + c.getGenericType().getTypeName()
                        + ") is neither @PersonalData nor @NotPersonal");
            }
        }
        return personal;
    }

    /** The record of the shared language this component holds, alone or as a collection's elements. */
    private static Class<?> nestedRecord(RecordComponent c) {
        Class<?> type = c.getType();
        if (Collection.class.isAssignableFrom(type) && c.getGenericType() instanceof ParameterizedType p) {
            Type element = p.getActualTypeArguments()[0];
            type = element instanceof Class<?> k ? k : Object.class;
        }
        return type.isRecord() && isSharedLanguage(type) ? type : null;
    }

    private static boolean cannotHoldText(Class<?> type) {
        return type.isPrimitive() || type.isEnum() || PLAIN.contains(type);
    }

    private static boolean isSharedLanguage(Class<?> type) {
        return type.getPackageName().startsWith(SHARED_LANGUAGE);
    }

    private static long subjects(Class<?> record) {
        long n = 0;
        for (RecordComponent c : record.getRecordComponents()) {
            if (c.isAnnotationPresent(DataSubject.class)) {
                n++;
            }
        }
        return n;
    }

    private static Object read(RecordComponent c, Object owner) {
        try {
            var accessor = c.getAccessor();
            accessor.setAccessible(true);
            return accessor.invoke(owner);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + c.getName(), e);
        }
    }
}
