package cn.unioncard.registry.query.member;

import cn.unioncard.registry.query.union.AggregatePaths;
import org.springframework.data.jpa.repository.JpaRepository;
import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

import java.util.Optional;

/** The member directory; it also answers where a member sits in the union tree, for scope checks by id. */
interface MemberEntries extends JpaRepository<MemberEntry, String>, AggregatePaths {

    /** The member's union path alone, without loading the member's data. */
    @Override
    @Query("select e.unionPath from MemberEntry e where e.id = ?1")
    Optional<String> pathOf(String id);

    /**
     * A member's row to change, locked: a projection replay's swap locks the table against writers, so the load
     * waits for it and changes the rebuilt row, never a stale copy written back over it.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select e from MemberEntry e where e.id = ?1")
    Optional<MemberEntry> lockedById(String id);
}
