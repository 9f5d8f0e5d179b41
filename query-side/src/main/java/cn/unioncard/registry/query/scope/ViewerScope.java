package cn.unioncard.registry.query.scope;

import cn.unioncard.registry.events.audit.Actor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The part of the union tree a viewer may read, as a path prefix over the union directory
 * ({@code /root/…/}): everything for the city's admin, auditors and DPOs, else the subtree of
 * the viewer's own union. Outside it things simply do not exist.
 */
@Component
public class ViewerScope {

    private final JdbcTemplate jdbc;

    ViewerScope(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The viewer's path prefix, or null when the viewer's union is unknown (sees nothing). */
    public String pathOf(Actor viewer) {
        if (viewer.seesEverything()) {
            return "/";
        }
        return jdbc.queryForList("select path from union_view where id = ?", String.class, viewer.organisationId())
                .stream().findFirst().orElse(null);
    }

    public boolean sees(Actor viewer, String path) {
        String scope = pathOf(viewer);
        return scope != null && path != null && path.startsWith(scope);
    }
}
