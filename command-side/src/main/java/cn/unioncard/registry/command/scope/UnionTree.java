package cn.unioncard.registry.command.scope;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.union.UnionLevel;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * The command side's own lookup of the union tree (docs/architecture.md §7): who is under whom, and which
 * system codes are taken. It is written in the same transaction as the events that change it, so
 * scope checks and code uniqueness never lag behind the event store.
 */
@Component
public class UnionTree {

    /** A union's place in the tree. {@code path} is {@code /root/…/self/}. */
    public record Node(String unionId, String parentId, UnionLevel level, String path, String systemCode) {
    }

    private static final RowMapper<Node> NODE = (rs, i) -> new Node(rs.getString(1), rs.getString(2),
            UnionLevel.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5));

    private final JdbcTemplate jdbc;

    public UnionTree(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Node> find(String unionId) {
        List<Node> rows = jdbc.query(
                "select union_id, parent_id, level, path, system_code from union_lookup where union_id = ?", NODE, unionId);
        return rows.stream().findFirst();
    }

    public Optional<Node> findByCode(String systemCode) {
        List<String> ids = jdbc.queryForList("select union_id from union_lookup where system_code = ?", String.class,
                systemCode);
        return ids.stream().findFirst().flatMap(this::find);
    }

    /** The unions directly under a union, for rules that compare a new one with its siblings. */
    public List<Node> children(String parentId) {
        return jdbc.query("select union_id, parent_id, level, path, system_code from union_lookup where parent_id = ?",
                NODE, parentId);
    }

    /** Whether the union lies in the actor's subtree (always, for roles that see everything). */
    public boolean isVisible(Actor actor, String unionId) {
        try {
            requireVisible(actor, unionId);
            return true;
        } catch (RegistryProblem notVisible) {
            return false;
        }
    }

    public Optional<Node> root() {
        List<String> ids = jdbc.queryForList("select union_id from union_lookup where level = 'CITY'", String.class);
        return ids.stream().findFirst().flatMap(this::find);
    }

    /**
     * The union if the actor may see it; otherwise "not found", so that nobody learns what exists
     * outside their own subtree.
     */
    public Node requireVisible(Actor actor, String unionId) {
        if (actor.seesEverything()) {
            return find(unionId).orElseThrow(() -> RegistryProblem.notFound("union"));
        }
        // The union and the actor's own union in one round trip: every command of a union's clerk asks this.
        Node node = null;
        Node own = null;
        for (Node n : jdbc.query("""
                        select union_id, parent_id, level, path, system_code from union_lookup where union_id in (?, ?)""",
                NODE, unionId, actor.organisationId())) {
            node = n.unionId().equals(unionId) ? n : node;
            own = n.unionId().equals(actor.organisationId()) ? n : own;
        }
        if (node == null || own == null || !node.path().startsWith(own.path())) {
            throw RegistryProblem.notFound("union");
        }
        return node;
    }

    /** Like {@link #requireVisible} and refuses read-only roles. */
    public Node requireWritable(Actor actor, String unionId) {
        Node node = requireVisible(actor, unionId);
        Permission.CHANGE_ANYTHING.require(actor);
        return node;
    }

    /**
     * Adds a union and allocates its system code: "00" for the city, two digits for a district
     * (01, 02, …), the district's code plus five digits for a grassroots union (0100001, …).
     * Human-typable, unique city-wide (a unique index guards it), and it tells a clerk at a glance
     * which district a union belongs to.
     */
    public String add(String unionId, String parentId, UnionLevel level) {
        String code;
        String path;
        if (level == UnionLevel.CITY) {
            code = "00";
            path = "/" + unionId + "/";
        } else {
            Node parent = find(parentId).orElseThrow(() -> RegistryProblem.notFound("union"));
            String prefix = level == UnionLevel.DISTRICT ? "" : parent.systemCode();
            int next = nextSequence(level == UnionLevel.DISTRICT ? "district" : "grassroots:" + prefix);
            code = prefix + String.format(level == UnionLevel.DISTRICT ? "%02d" : "%05d", next);
            path = parent.path() + unionId + "/";
        }
        try {
            jdbc.update("insert into union_lookup (union_id, parent_id, level, path, system_code) values (?,?,?,?,?)",
                    unionId, parentId, level.name(), path, code);
        } catch (DuplicateKeyException e) {
            throw RegistryProblem.conflict("该工会已登记", "this union is already registered");
        }
        return code;
    }

    /** Row-locking counter per prefix: concurrent registrations under one district queue here briefly. */
    private int nextSequence(String key) {
        return jdbc.queryForObject("""
                insert into union_code_sequence (sequence_key, last_value) values (?, 1)
                on conflict (sequence_key) do update set last_value = union_code_sequence.last_value + 1
                returning last_value""", Integer.class, key);
    }
}
