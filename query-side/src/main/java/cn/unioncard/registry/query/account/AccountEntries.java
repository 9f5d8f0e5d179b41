package cn.unioncard.registry.query.account;

import cn.unioncard.registry.query.union.AggregatePaths;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

import java.util.Optional;

/** The account directory; it also answers where an account (by user name) sits in the union tree, for scope checks. */
interface AccountEntries extends JpaRepository<AccountEntry, String>, AggregatePaths {

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

    /** The account's union path; the aggregate id of an account is its user name. */
    @Override
    @Query("select a.unionPath from AccountEntry a where a.username = ?1")
    Optional<String> pathOf(String username);
}
