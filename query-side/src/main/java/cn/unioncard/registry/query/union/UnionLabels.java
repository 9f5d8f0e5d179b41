package cn.unioncard.registry.query.union;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A union's name and system code, as another capability's list shows its unions (never scope: see {@link UnionPaths}). */
@Component
public class UnionLabels {

    public record Label(String id, String name, String systemCode) {
    }

    private final JdbcTemplate jdbc;

    UnionLabels(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One union's label; empty when the directory has no such union (or no id was given). */
    public Optional<Label> of(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(of(List.of(id)).get(id));
    }

    /** The unions of {@code ids} the directory holds, by id. */
    public Map<String, Label> of(Collection<String> ids) {
        Map<String, Label> labels = new LinkedHashMap<>();
        if (!ids.isEmpty()) {
            jdbc.query("select id, name, system_code from union_view where id = any (?)",
                    rs -> {
                        labels.put(rs.getString(1), new Label(rs.getString(1), rs.getString(2), rs.getString(3)));
                    }, (Object) ids.toArray(String[]::new));
        }
        return labels;
    }
}
