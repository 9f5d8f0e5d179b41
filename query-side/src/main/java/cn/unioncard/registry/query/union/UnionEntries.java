package cn.unioncard.registry.query.union;

import cn.unioncard.registry.events.union.UnionLevel;
import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

import java.util.Optional;

interface UnionEntries extends JpaRepository<UnionEntry, String>, JpaSpecificationExecutor<UnionEntry> {

    /** A union's row to change, locked: waits for a projection replay's swap and changes the rebuilt row. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select e from UnionEntry e where e.id = ?1")
    Optional<UnionEntry> lockedById(String id);

    /** Filters are added only when given: a null parameter in SQL leaves PostgreSQL guessing its type. */
    static Specification<UnionEntry> search(String scopePath, String parentId, UnionLevel level, String q) {
        Specification<UnionEntry> spec = (root, query, cb) -> cb.like(root.get("path"), escape(scopePath) + "%", '\\');
        if (parentId != null && !parentId.isBlank()) {
            spec = spec.and((root, query, cb) -> cb.equal(root.get("parentId"), parentId));
        }
        if (level != null) {
            spec = spec.and((root, query, cb) -> cb.equal(root.get("level"), level));
        }
        if (q != null && !q.isBlank()) {
            String term = escape(q.trim());
            spec = spec.and((root, query, cb) -> cb.or(
                    cb.like(root.get("name"), "%" + term + "%", '\\'),
                    cb.like(root.get("systemCode"), term + "%", '\\')));
        }
        return spec;
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
