package cn.unioncard.registry.query.member;

import cn.unioncard.registry.events.member.MemberStatus;
import cn.unioncard.registry.query.union.AggregatePaths;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;

import java.util.Optional;
import java.util.regex.Pattern;

/** The member directory; it also answers where a member sits in the union tree, for scope checks by id. */
interface MemberEntries extends JpaRepository<MemberEntry, String>, JpaSpecificationExecutor<MemberEntry>, AggregatePaths {

    Pattern ID_TAIL = Pattern.compile("[0-9Xx]{1,4}");

    /** The member's union path alone, without loading the member's data. */
    @Override
    @Query("select e.unionPath from MemberEntry e where e.id = ?1")
    Optional<String> pathOf(String id);

    /** A union's members, by status, and by a name fragment or the last digits of the ID number. */
    static Specification<MemberEntry> ofUnion(String unionId, MemberStatus status, String q) {
        Specification<MemberEntry> spec = (root, query, cb) -> cb.equal(root.get("unionId"), unionId);
        if (status != null) {
            spec = spec.and((root, query, cb) -> cb.equal(root.get("status"), status));
        }
        if (q != null && !q.isBlank()) {
            String term = q.trim();
            if (ID_TAIL.matcher(term).matches()) {
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
