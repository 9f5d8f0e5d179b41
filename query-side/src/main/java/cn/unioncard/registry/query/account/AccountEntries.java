package cn.unioncard.registry.query.account;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

import java.util.Optional;

interface AccountEntries extends JpaRepository<AccountEntry, String> {

    /** Accounts of unions whose path starts with the viewer's scope path. */
    @Query(value = """
            select a.* from account_view a
            where a.union_path like :scopePath || '%'
            order by a.username""",
            countQuery = """
            select count(*) from account_view a
            where a.union_path like :scopePath || '%'""",
            nativeQuery = true)
    Page<AccountEntry> inScope(String scopePath, Pageable pageable);

    @Query("select a.unionPath from AccountEntry a where a.username = ?1")
    Optional<String> unionPathOf(String username);
}
