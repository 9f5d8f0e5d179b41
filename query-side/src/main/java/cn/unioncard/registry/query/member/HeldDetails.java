package cn.unioncard.registry.query.member;

import cn.unioncard.registry.events.member.MemberDetails;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The full details of given members whose data is still held (erased members are left out), for a
 * document that must show them in full (the card application list). The caller records the read.
 */
@Component
public class HeldDetails {

    /** One member's id and full details. */
    public record Held(String memberId, MemberDetails details) {
    }

    /** The mapper the directory's rows are written with (see {@link NewMembers}). */
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private final JdbcTemplate jdbc;

    HeldDetails(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** In no particular order; ids the directory does not hold, or holds erased, are missing. */
    public List<Held> of(Collection<String> memberIds) {
        if (memberIds.isEmpty()) {
            return List.of();
        }
        return jdbc.execute((ConnectionCallback<List<Held>>) c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "select id, details::text from member_view where id = any(?) and erased_at is null")) {
                s.setArray(1, c.createArrayOf("varchar", memberIds.toArray()));
                List<Held> out = new ArrayList<>(memberIds.size());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Held(rs.getString(1), details(rs.getString(2))));
                    }
                }
                return out;
            }
        });
    }

    private static MemberDetails details(String json) {
        try {
            return JSON.readValue(json, MemberDetails.class);
        } catch (JsonProcessingException e) {
            // The message could quote a value: say only what failed.
            throw new IllegalStateException("a member's stored details could not be read");
        }
    }
}
