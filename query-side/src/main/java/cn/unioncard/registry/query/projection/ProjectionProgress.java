package cn.unioncard.registry.query.projection;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How far a streaming projection has got, read from the stored tokens of every segment (whichever
 * instance owns them) without claiming any: the basis of read-your-writes waits and of lag alerts.
 */
@Component
public class ProjectionProgress {

    private final JdbcTemplate jdbc;
    private final Serializer serializer;

    ProjectionProgress(JdbcTemplate jdbc, Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    /** The highest global index committed to the event store; -1 when it is empty. */
    public long storeHead() {
        Long head = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
        return head == null ? -1 : head;
    }

    /**
     * Store positions between the head and the slowest segment of the processor: 0 when every
     * segment has seen the head; the whole store when the processor has not started. A segment
     * that gets no events stores its token only every few seconds, so an idle lag is not always 0.
     */
    public long lag(String processor) {
        long head = storeHead();
        Map<Integer, Optional<GapAwareTrackingToken>> tokens = tokens(processor);
        if (tokens.isEmpty()) {
            return head + 1;
        }
        long slowest = tokens.values().stream().mapToLong(t -> t.map(GapAwareTrackingToken::getIndex).orElse(-1L))
                .min().orElse(-1);
        return Math.max(0, head - slowest);
    }

    /**
     * Whether the processor has handled every stored event of {@code payloadType} up to
     * {@code globalIndex}: each by the segment its sequence (the aggregate id, Axon's default
     * policy) falls into. A segment without such events may keep an older token for a while.
     */
    public boolean hasProcessed(String processor, String payloadType, long globalIndex) {
        Map<Integer, Optional<GapAwareTrackingToken>> tokens = tokens(processor);
        if (tokens.isEmpty()) {
            return false;
        }
        Segment[] segments = Segment.computeSegments(tokens.keySet().stream().mapToInt(Integer::intValue).toArray());
        long slowest = Long.MAX_VALUE;
        Set<Long> gaps = new TreeSet<>();
        for (Optional<GapAwareTrackingToken> token : tokens.values()) {
            slowest = Math.min(slowest, token.map(GapAwareTrackingToken::getIndex).orElse(-1L));
            token.ifPresent(t -> gaps.addAll(t.getGaps()));
        }
        // Events some segment may not have handled yet: past the slowest token, or in a gap (a late commit).
        List<Object[]> pending = jdbc.query("""
                        select global_index, aggregate_identifier from domain_event_entry
                        where payload_type = ? and global_index <= ? and (global_index > ? or global_index = any(?))""",
                (rs, i) -> new Object[]{rs.getLong(1), rs.getString(2)},
                payloadType, globalIndex, slowest, gaps.toArray(Long[]::new));
        for (Object[] event : pending) {
            long index = (Long) event[0];
            Optional<GapAwareTrackingToken> token = Optional.empty();
            for (Segment segment : segments) {
                if (segment.matches(event[1])) {
                    token = tokens.get(segment.getSegmentId());
                    break;
                }
            }
            if (token.isEmpty() || token.get().getIndex() < index || token.get().getGaps().contains(index)) {
                return false;
            }
        }
        return true;
    }

    /** Polls {@link #hasProcessed} until it holds or {@code wait} has passed; the last answer. */
    public boolean awaitProcessed(String processor, String payloadType, long globalIndex, Duration wait) {
        long end = System.nanoTime() + wait.toNanos();
        while (!hasProcessed(processor, payloadType, globalIndex)) {
            if (System.nanoTime() > end) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Each segment's token by segment id, empty for a segment that has not processed anything yet. */
    private Map<Integer, Optional<GapAwareTrackingToken>> tokens(String processor) {
        Map<Integer, Optional<GapAwareTrackingToken>> tokens = new TreeMap<>();
        jdbc.query("select segment, token, token_type from token_entry where processor_name = ?",
                (ResultSet rs) -> {
                    tokens.put(rs.getInt(1), token(rs.getBytes(2), rs.getString(3)));
                }, processor);
        return tokens;
    }

    private Optional<GapAwareTrackingToken> token(byte[] bytes, String type) {
        if (bytes == null || type == null) {
            return Optional.empty();
        }
        TrackingToken token = serializer.deserialize(new SimpleSerializedObject<>(bytes, byte[].class, type, null));
        // During a replay the token wraps the position reached so far (its lower bound).
        return WrappedToken.unwrap(WrappedToken.unwrapLowerBound(token), GapAwareTrackingToken.class);
    }
}
