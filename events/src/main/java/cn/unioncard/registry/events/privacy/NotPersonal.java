package cn.unioncard.registry.events.privacy;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A field (or every field of a record) that stays in clear in the event store, with the reason:
 * codes, dates of events, ids, states, and staff or office-holder data that audit must keep.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER,
        ElementType.TYPE})
public @interface NotPersonal {
    /** Why this is not a member's personal data (read in review, not by code). */
    String value();
}
