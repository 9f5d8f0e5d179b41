package cn.unioncard.registry.command;

import cn.unioncard.registry.testing.TestDatabase;
import org.springframework.jdbc.core.JdbcTemplate;

/** The command side's lookup tables on the shared test database, emptied for each test. */
public final class Lookups {

    private Lookups() {
    }

    /** Truncating union_lookup cascades to membership_lookup. */
    public static JdbcTemplate emptied() {
        return TestDatabase.emptied("union_lookup", "union_code_sequence", "account_credential", "login_throttle",
                "login_known_address");
    }
}
