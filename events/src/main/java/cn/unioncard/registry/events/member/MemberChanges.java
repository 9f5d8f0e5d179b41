package cn.unioncard.registry.events.member;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Field-wise comparison and merging of {@link MemberDetails}, by record component, so that a
 * correction event carries only what changed and every reader applies it the same way.
 */
public final class MemberChanges {

    private MemberChanges() {
    }

    public static List<String> changedFields(MemberDetails before, MemberDetails after) {
        List<String> changed = new ArrayList<>();
        for (RecordComponent c : MemberDetails.class.getRecordComponents()) {
            if (!Objects.equals(value(c, before), value(c, after))) {
                changed.add(c.getName());
            }
        }
        return changed;
    }

    /** {@code full} with every field not in {@code fields} reset to its default. */
    public static MemberDetails onlyChanged(MemberDetails full, List<String> fields) {
        return rebuild(c -> fields.contains(c.getName()) ? value(c, full) : defaultOf(c));
    }

    /** {@code base} with {@code fields} taken from {@code changes}. */
    public static MemberDetails merge(MemberDetails base, MemberDetails changes, List<String> fields) {
        return rebuild(c -> value(c, fields.contains(c.getName()) ? changes : base));
    }

    /** {@code base} with a new employer name (a transfer may bring one). */
    public static MemberDetails withEmployer(MemberDetails base, String employer) {
        return rebuild(c -> c.getName().equals("employerName") ? employer : value(c, base));
    }

    private static MemberDetails rebuild(Function<RecordComponent, Object> valueOf) {
        RecordComponent[] components = MemberDetails.class.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            args[i] = valueOf.apply(components[i]);
            types[i] = components[i].getType();
        }
        try {
            return MemberDetails.class.getDeclaredConstructor(types).newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object value(RecordComponent c, MemberDetails d) {
        try {
            return c.getAccessor().invoke(d);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object defaultOf(RecordComponent c) {
        return c.getType() == boolean.class ? Boolean.FALSE : null;
    }
}
