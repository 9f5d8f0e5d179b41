package cn.unioncard.registry.query.union;

import cn.unioncard.registry.events.union.UnionLevel;
import cn.unioncard.registry.events.union.UnionProfile;
import cn.unioncard.registry.query.projection.ProjectionRow;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;

/** One row of the union directory projection. {@code path} ({@code /root/…/self/}) answers scope. */
@Entity
@Table(name = "union_view")
class UnionEntry extends ProjectionRow {
    @Id
    String id;
    String parentId;
    @Enumerated(EnumType.STRING)
    UnionLevel level;
    String systemCode;
    String name;
    String path;
    @JdbcTypeCode(SqlTypes.JSON)
    UnionProfile profile;
    long version;
    Instant registeredAt;
    Instant updatedAt;

    @Override
    public String getId() {
        return id;
    }
}
