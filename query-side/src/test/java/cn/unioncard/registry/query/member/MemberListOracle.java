package cn.unioncard.registry.query.member;

import cn.unioncard.registry.events.member.MemberStatus;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.repository.Repository;

/**
 * The member list as it was read before {@link MemberListing}: the directory's entities by a JPA
 * Specification, paged by Spring Data. Kept as the tests' independent oracle of the list's rows and totals.
 */
interface MemberListOracle extends Repository<MemberEntry, String>, JpaSpecificationExecutor<MemberEntry> {

    /** A union's members, by status, and by a name fragment or the last digits of the ID number. */
    static Specification<MemberEntry> ofUnion(String unionId, MemberStatus status, String q) {
        Specification<MemberEntry> spec = (root, query, cb) -> cb.equal(root.get("unionId"), unionId);
        if (status != null) {
            spec = spec.and((root, query, cb) -> cb.equal(root.get("status"), status));
        }
        if (q != null && !q.isBlank()) {
            String term = q.trim();
            if (MemberListing.ID_TAIL.matcher(term).matches()) {
                String tail = term.toUpperCase();
                spec = spec.and((root, query, cb) -> cb.like(root.get("idTail"), "%" + tail));
            } else {
                String escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
                spec = spec.and((root, query, cb) -> cb.like(root.get("name"), "%" + escaped + "%", '\\'));
            }
        }
        return spec;
    }
}
