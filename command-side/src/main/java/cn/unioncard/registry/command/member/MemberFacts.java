package cn.unioncard.registry.command.member;

import cn.unioncard.registry.events.codes.CardType;
import cn.unioncard.registry.events.member.MemberDetails;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.common.lock.NullLockFactory;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What other command-side capabilities (batches) may know about members, so that only this package
 * names {@code membership_lookup}: union, standing, consent, and the member's current version as
 * the aggregate itself has it (never a copy that could drift).
 */
@Component
public class MemberFacts {

    /** A member as the lookup knows it. {@code authorisedOn} is null until consent is recorded. */
    public record Fact(String memberId, String unionId, boolean active, boolean erased, LocalDate authorisedOn) {

        /** Left the union (and not erased, which says more). */
        public boolean withdrawn() {
            return !active && !erased;
        }
    }

    /** The member's version (its last event's sequence number) and whether it applies for a debit-credit card. */
    public record Current(long version, boolean debitCredit) {
    }

    private static final String COLUMNS = "member_id, union_id, active, id_hash is null, authorised_on";

    private final JdbcTemplate jdbc;
    private final EventStore events;
    /** Reads members for their version and card type; no lock, since nothing is changed through it. */
    private final EventSourcingRepository<Member> members;

    public MemberFacts(JdbcTemplate jdbc, EventStore events) {
        this.jdbc = jdbc;
        this.events = events;
        this.members = EventSourcingRepository.builder(Member.class).eventStore(events)
                .lockFactory(NullLockFactory.INSTANCE).build();
    }

    /**
     * The known members among {@code memberIds}, by id; unknown ids are absent. The rows stay locked
     * (for share) to the end of the caller's transaction: an erasure or withdrawal of one of them
     * waits, and then finds the batch that holds the member, rather than missing it.
     */
    public Map<String, Fact> find(Collection<String> memberIds) {
        Map<String, Fact> found = new HashMap<>();
        jdbc.execute((ConnectionCallback<Void>) c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "select " + COLUMNS + " from membership_lookup where member_id = any(?) order by member_id for share")) {
                s.setArray(1, c.createArrayOf("varchar", memberIds.toArray()));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        Fact f = fact(rs);
                        found.put(f.memberId(), f);
                    }
                }
            }
            return null;
        });
        return found;
    }

    /** The union's active members, in id order, locked as {@link #find} locks them. */
    public List<Fact> activeIn(String unionId) {
        return jdbc.query("select " + COLUMNS + " from membership_lookup where union_id = ? and active order by member_id for share",
                (rs, i) -> fact(rs), unionId);
    }

    /** Loads the member in the current unit of work (a command handler's): its version and card type. */
    public Current current(String memberId) {
        Aggregate<Member> member = members.load(memberId);
        boolean debitCredit = CardType.DEBIT_CREDIT.code().equals(member.invoke(Member::details).cardType());
        return new Current(member.version(), debitCredit);
    }

    /** The member's current name and whether it applies for a debit-credit card, for a card issued to it. */
    public record Applicant(String name, boolean debitCredit) {
    }

    /** Loads the member in the current unit of work: its name (已删除 once erased) and card type. */
    public Applicant applicant(String memberId) {
        MemberDetails details = members.load(memberId).invoke(Member::details);
        return new Applicant(details.name(), CardType.DEBIT_CREDIT.code().equals(details.cardType()));
    }

    /** The member's current version: its last event's sequence number in the store (-1: no such member). */
    public long version(String memberId) {
        return events.lastSequenceNumberFor(memberId).orElse(-1L);
    }

    private static Fact fact(ResultSet rs) throws java.sql.SQLException {
        Date authorised = rs.getDate(5);
        return new Fact(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4),
                authorised == null ? null : authorised.toLocalDate());
    }
}
