package cn.unioncard.registry.events.privacy;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A member's personal field in an event: stored encrypted under the data subject's own key (see
 * {@link DataSubject}), so destroying that key erases it everywhere the event is kept. The
 * targets let the annotation reach the record's accessor and constructor, where Jackson looks.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface PersonalData {
}
