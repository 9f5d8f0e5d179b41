package cn.unioncard.registry.query.union;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** A union's name and system code, for documents other capabilities print (the card application list). */
@Component
public class UnionNames {

    /** How a union is named on paper: its name and the system code the bank is told. */
    public record Named(String name, String systemCode) {
    }

    private final JdbcTemplate jdbc;

    UnionNames(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Empty when the directory has no such union (or no id was given). */
    public Optional<Named> of(String unionId) {
        if (unionId == null) {
            return Optional.empty();
        }
        return jdbc.query("select name, system_code from union_view where id = ?",
                (rs, i) -> new Named(rs.getString(1), rs.getString(2)), unionId).stream().findFirst();
    }
}
