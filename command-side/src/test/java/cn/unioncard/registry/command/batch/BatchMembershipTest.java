package cn.unioncard.registry.command.batch;

import cn.unioncard.registry.command.Lookups;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Which batch holds a member, on the real database, including two submissions racing for one member. */
class BatchMembershipTest {

    JdbcTemplate jdbc;
    BatchMembership membership;

    @BeforeEach
    void setUp() {
        jdbc = Lookups.emptied();
        jdbc.execute("truncate batch_membership");
        membership = new BatchMembership(jdbc);
    }

    @Test
    void twoConcurrentSubmissionsOfOneMemberLetExactlyOneHoldIt() throws Exception {
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
        CyclicBarrier start = new CyclicBarrier(2);
        CountDownLatch firstHeld = new CountDownLatch(1);
        CountDownLatch mayFinish = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Set<String>>> attempts = new ArrayList<>();
            for (String[] submission : new String[][]{{"b-1", "m-2"}, {"b-2", "m-3"}}) {
                attempts.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return tx.execute(status -> {
                        Set<String> taken = membership.hold(submission[0], List.of("m-1", submission[1]));
                        if (taken.isEmpty()) {
                            firstHeld.countDown();
                            await(mayFinish);
                        }
                        return taken;
                    });
                }));
            }
            assertThat(firstHeld.await(20, TimeUnit.SECONDS)).as("one submission held its members").isTrue();
            assertThat(anInsertWaitsOnALock()).as("the other waits on the unique index").isTrue();
            mayFinish.countDown();
            List<Set<String>> taken = new ArrayList<>();
            for (Future<Set<String>> f : attempts) {
                taken.add(f.get(30, TimeUnit.SECONDS));
            }
            assertThat(taken).containsExactlyInAnyOrder(Set.of(), Set.of("m-1"));
        } finally {
            pool.shutdownNow();
        }
        Map<String, String> holders = membership.holders(List.of("m-1"));
        assertThat(holders).hasSize(1);
        assertThat(jdbc.queryForObject("select count(*) from batch_membership where member_id = 'm-1'", Integer.class))
                .isEqualTo(1);
    }

    @Test
    void aRejectedOrExcludedMemberIsFreeForAnotherBatch() {
        assertThat(membership.hold("b-1", List.of("m-1", "m-2", "m-3"))).isEmpty();
        membership.approve("b-1", List.of("m-2"));
        assertThat(membership.holders(List.of("m-1", "m-2", "m-3"))).isEqualTo(Map.of("m-1", "b-1", "m-3", "b-1"));
        assertThat(membership.hold("b-2", List.of("m-1", "m-2"))).containsExactly("m-1");
        jdbc.execute("truncate batch_membership");
        membership.hold("b-1", List.of("m-1"));
        membership.reject("b-1");
        assertThat(membership.hold("b-2", List.of("m-1"))).isEmpty();
        assertThat(membership.holding("m-1")).containsExactly("b-2");
        membership.free("b-2", "m-1");
        assertThat(membership.holders(List.of("m-1"))).isEmpty();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never let the submission finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls from a connection of its own (pg_stat_activity is cached per transaction). */
    private boolean anInsertWaitsOnALock() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Integer waiting = jdbc.queryForObject("""
                    select count(*) from pg_stat_activity
                    where datname = current_database() and wait_event_type = 'Lock'
                      and query ilike '%insert into batch_membership%'""", Integer.class);
            if (waiting != null && waiting > 0) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }
}
