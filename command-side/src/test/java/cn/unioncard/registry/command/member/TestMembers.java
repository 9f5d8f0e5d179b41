package cn.unioncard.registry.command.member;

import cn.unioncard.registry.command.scope.UnionTree;
import cn.unioncard.registry.events.member.MemberAuthorisationRecorded;
import cn.unioncard.registry.events.member.MemberDetails;
import cn.unioncard.registry.events.member.MemberInfoCorrected;
import cn.unioncard.registry.events.member.MemberTransferred;
import cn.unioncard.registry.events.member.MemberWithdrawn;
import cn.unioncard.registry.events.member.PersonalDataErased;
import cn.unioncard.registry.testing.MemberData;
import cn.unioncard.registry.testing.ResidentIds;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Members for other capabilities' tests (batches): their events in an event store of their own and
 * their rows in the real membership lookup, as the member commands leave them, so that
 * {@link MemberFacts} answers from both exactly as it does in the registry.
 */
public final class TestMembers {

    private final EventStore store = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine())
            .build();
    private final MembershipIndex index;
    private final JdbcTemplate jdbc;
    private final Map<String, Long> sequences = new HashMap<>();
    private final Map<String, MemberDetails> details = new HashMap<>();

    public TestMembers(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.index = new MembershipIndex(jdbc, new IdNumberIndexKey(new byte[32]));
    }

    public MemberFacts facts() {
        return new MemberFacts(jdbc, store);
    }

    /** A member registered in the union (card type "1" debit or "2" debit-credit), not yet authorised. */
    public void register(String memberId, String unionId, String cardType) {
        MemberData.Details d = MemberData.details(ResidentIds.fresh());
        d.cardType = cardType;
        MemberDetails details = d.build();
        index.add(memberId, unionId, details.idNumber());
        this.details.put(memberId, details);
        publish(memberId, MemberData.registered(memberId, unionId, details));
    }

    /** Registered and authorised: ready to be submitted. */
    public void ready(String memberId, String unionId) {
        register(memberId, unionId, "1");
        authorise(memberId);
    }

    public void authorise(String memberId) {
        LocalDate on = LocalDate.of(2026, 11, 20);
        publish(memberId, new MemberAuthorisationRecorded(memberId, on, "op", "scan-1"));
        index.authorise(memberId, on);
    }

    /** A correction of the mobile: the member's version moves on. */
    public void correct(String memberId) {
        publish(memberId, new MemberInfoCorrected(memberId, List.of("mobile"), MemberData.details().build(), false));
    }

    public void withdraw(String memberId, String unionId) {
        publish(memberId, new MemberWithdrawn(memberId, unionId, "退休"));
        index.deactivate(memberId);
    }

    public void transfer(String memberId, String fromUnionId, String toUnionId) {
        publish(memberId, new MemberTransferred(memberId, fromUnionId, toUnionId, null));
        index.move(memberId, toUnionId);
    }

    /** Erased as the member commands erase: the event, and the lookup forgets the person. */
    public void erase(String memberId, String unionId) {
        publish(memberId, new PersonalDataErased(memberId, unionId, "当事人申请删除", true));
        index.forget(memberId);
    }

    /** The member command handler on these members, with the erasure follow-ups given. */
    public Object commandHandler(UnionTree tree, Clock clock, List<MemberFollowUp> followUps) {
        EventSourcingRepository<Member> members = EventSourcingRepository.builder(Member.class).eventStore(store)
                .build();
        return new MemberCommandHandler(members, index, tree, clock, followUps);
    }

    /** The details the member was registered with (its ID number and name, for a bank's return). */
    public MemberDetails details(String memberId) {
        return details.get(memberId);
    }

    /** Who holds an ID number, on these members' lookup rows. */
    public IdNumberHolders holders(Clock clock) {
        return new IdNumberHolders(index, clock);
    }

    /** The member's current version, as the store has it. */
    public long version(String memberId) {
        return sequences.getOrDefault(memberId, -1L);
    }

    private void publish(String memberId, Object event) {
        long seq = sequences.merge(memberId, 0L, (a, b) -> a + 1);
        store.publish(new GenericDomainEventMessage<>("Member", memberId, seq, event));
    }
}
