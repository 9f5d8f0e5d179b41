package cn.unioncard.registry.query.projection;

import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Transient;
import org.springframework.data.domain.Persistable;

/**
 * A projection row with an id the event gives it. Marked {@link #inserted()} when an event
 * creates it, it is inserted straight away instead of Spring Data first selecting it by id.
 * Subclasses name no columns: Spring Boot's naming maps {@code unionPath} to {@code union_path}.
 */
@MappedSuperclass
public abstract class ProjectionRow implements Persistable<String> {

    @Transient
    private boolean fresh;

    /** Call on a row that an event has just created. */
    public void inserted() {
        fresh = true;
    }

    @Override
    public boolean isNew() {
        return fresh;
    }
}
