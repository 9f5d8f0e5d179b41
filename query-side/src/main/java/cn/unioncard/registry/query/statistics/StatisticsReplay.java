package cn.unioncard.registry.query.statistics;

import cn.unioncard.registry.events.batch.BatchEvent;
import cn.unioncard.registry.events.card.CardEvent;
import cn.unioncard.registry.events.card.CardNumberChanged;
import cn.unioncard.registry.events.card.InsuranceCoverEnded;
import cn.unioncard.registry.events.member.MemberEvent;
import cn.unioncard.registry.events.union.UnionProfileUpdated;
import cn.unioncard.registry.events.union.UnionRegistered;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The statistics as they stood at an instant: the stored events up to it, of the types the statistics
 * count (only member events need opening with a member's key), fed in store order to a fresh
 * {@link StatisticsModel}. Streams the rows, so memory holds the model, not the events.
 */
@Component
class StatisticsReplay {

    private static final Set<Class<?>> SKIPPED = Set.of(CardNumberChanged.class, InsuranceCoverEnded.class);

    /** The stored payload types the model counts: members, batches, cards (but number changes) and unions. */
    static final List<String> TYPES = Stream.of(Stream.of(MemberEvent.class.getPermittedSubclasses()),
                    Stream.of(BatchEvent.class.getPermittedSubclasses()), Stream.of(CardEvent.class.getPermittedSubclasses()),
                    Stream.<Class<?>>of(UnionRegistered.class, UnionProfileUpdated.class))
            .flatMap(s -> s).filter(c -> !SKIPPED.contains(c)).map(Class::getName).toList();

    private static final int CHUNK = 5_000;

    private final JdbcTemplate jdbc;
    private final Serializer serializer;

    StatisticsReplay(JdbcTemplate jdbc, @Qualifier("eventSerializer") Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    /**
     * Needs a transaction (the caller's) for the rows to stream. Rows are opened (decrypted, parsed) a
     * chunk at a time on every core, then applied in store order.
     */
    StatisticsModel upTo(Instant asOf) {
        StatisticsModel model = new StatisticsModel();
        List<SimpleSerializedObject<byte[]>> chunk = new ArrayList<>(CHUNK);
        jdbc.query(c -> {
            var s = c.prepareStatement("select payload_type, payload_revision, payload from domain_event_entry"
                    + " where payload_type = any(?) and time_stamp::timestamptz <= ? order by global_index",
                    ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            s.setFetchSize(CHUNK);
            s.setArray(1, c.createArrayOf("varchar", TYPES.toArray()));
            s.setTimestamp(2, Timestamp.from(asOf));
            return s;
        }, rs -> {
            chunk.add(new SimpleSerializedObject<>(rs.getBytes(3), byte[].class, rs.getString(1), rs.getString(2)));
            if (chunk.size() == CHUNK) {
                apply(chunk, model);
            }
        });
        apply(chunk, model);
        return model;
    }

    private void apply(List<SimpleSerializedObject<byte[]>> chunk, StatisticsModel model) {
        List<Object> events = chunk.parallelStream().map(e -> (Object) serializer.deserialize(e)).toList();
        events.forEach(model::apply);
        chunk.clear();
    }
}
