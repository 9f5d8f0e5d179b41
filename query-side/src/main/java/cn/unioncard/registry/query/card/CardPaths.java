package cn.unioncard.registry.query.card;

import cn.unioncard.registry.query.union.AggregatePaths;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** Where a card (its holder's union) or a bank return's run (its batch's union) sits: the scope of reading them by id. */
@Component
class CardPaths implements AggregatePaths {

    private final JdbcTemplate jdbc;

    CardPaths(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<String> pathOf(String id) {
        return jdbc.queryForList("""
                select union_path from card_view where card_id = ?
                union all
                select union_path from card_issuance_run_view where run_id = ?
                limit 1""", String.class, id, id).stream().findFirst();
    }
}
