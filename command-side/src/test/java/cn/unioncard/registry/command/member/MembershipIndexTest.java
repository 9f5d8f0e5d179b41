package cn.unioncard.registry.command.member;

import cn.unioncard.registry.command.Lookups;
import cn.unioncard.registry.command.scope.UnionTree;
import cn.unioncard.registry.events.union.UnionLevel;
import cn.unioncard.registry.testing.Bytes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The city-wide one-membership lookup on a real PostgreSQL: the partial unique index decides
 * between concurrent registrations of one person, and the ID number is only ever stored as a
 * keyed hash.
 */
class MembershipIndexTest {

    static final String G_A1 = "g-a1";
    static final String G_B1 = "g-b1";
    static final String ID = "35020319920723106X";
    static final String OTHER_ID = "350203199003071236";
    static final byte[] KEY = new byte[32];

    static {
        for (int i = 0; i < KEY.length; i++) {
            KEY[i] = (byte) (i * 7 + 3);
        }
    }

    /** A random key, as each installation has its own. */
    IdNumberIndexKey installationKey = randomKey();
    JdbcTemplate jdbc;
    MembershipIndex index;

    @BeforeEach
    void setUp() {
        jdbc = Lookups.emptied(); // truncates union_lookup cascade, which empties membership_lookup too
        jdbc.execute("truncate membership_lookup cascade");
        UnionTree tree = new UnionTree(jdbc);
        tree.add("city-1", null, UnionLevel.CITY);
        tree.add("district-a", "city-1", UnionLevel.DISTRICT);
        tree.add("district-b", "city-1", UnionLevel.DISTRICT);
        tree.add(G_A1, "district-a", UnionLevel.GRASSROOTS);
        tree.add(G_B1, "district-b", UnionLevel.GRASSROOTS);
        index = new MembershipIndex(jdbc, installationKey);
    }

    // --- concurrency ----------------------------------------------------------------------------

    enum Outcome { CLAIMED, REFUSED, ROLLED_BACK }

    record Attempt(String memberId, String unionId, Outcome outcome, String holderUnion, boolean usableAfterwards) {
    }

    /**
     * Runs two claims of one person in two transactions. Whichever inserts first holds its
     * transaction open until the other is seen waiting on the unique index, then commits (or rolls
     * back). Returns both attempts and whether the wait was observed.
     */
    private List<Attempt> race(boolean firstRollsBack, boolean[] waitObserved) throws Exception {
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
        CyclicBarrier start = new CyclicBarrier(2);
        CountDownLatch firstInserted = new CountDownLatch(1);
        CountDownLatch mayFinish = new CountDownLatch(1);
        AtomicBoolean rollBackOnce = new AtomicBoolean();

        List<Callable<Attempt>> claims = new ArrayList<>();
        for (String[] who : new String[][]{{"m-1", G_A1}, {"m-2", G_B1}}) {
            claims.add(() -> {
                start.await(10, TimeUnit.SECONDS);
                return tx.execute(status -> {
                    try {
                        index.add(who[0], who[1], ID);
                    } catch (MembershipIndex.AlreadyMember e) {
                        // The transaction must still be usable after the refusal.
                        Integer rows = jdbc.queryForObject("select count(*) from membership_lookup", Integer.class);
                        return new Attempt(who[0], who[1], Outcome.REFUSED, e.unionId, rows != null);
                    }
                    firstInserted.countDown();
                    try {
                        if (!mayFinish.await(20, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("the test never let the claim finish");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    if (firstRollsBack && rollBackOnce.compareAndSet(false, true)) {
                        status.setRollbackOnly();
                        return new Attempt(who[0], who[1], Outcome.ROLLED_BACK, null, true);
                    }
                    return new Attempt(who[0], who[1], Outcome.CLAIMED, null, true);
                });
            });
        }

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Attempt>> futures = new ArrayList<>();
            for (Callable<Attempt> c : claims) {
                futures.add(pool.submit(c));
            }
            assertThat(firstInserted.await(20, TimeUnit.SECONDS)).as("one claim inserted").isTrue();
            // The other claim has sent its insert and now waits for the first transaction to end.
            waitObserved[0] = waitUntilAnInsertWaitsOnALock();
            mayFinish.countDown();
            List<Attempt> attempts = new ArrayList<>();
            for (Future<Attempt> f : futures) {
                attempts.add(f.get(30, TimeUnit.SECONDS));
            }
            return attempts;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Polls from a connection of its own (pg_stat_activity is cached per transaction). */
    private boolean waitUntilAnInsertWaitsOnALock() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Integer waiting = jdbc.queryForObject("""
                    select count(*) from pg_stat_activity
                    where datname = current_database() and wait_event_type = 'Lock'
                      and query ilike '%insert into membership_lookup%'""", Integer.class);
            if (waiting != null && waiting > 0) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    @Test
    void twoConcurrentRegistrationsOfOnePersonLetExactlyOneCommit() throws Exception {
        for (int round = 0; round < 3; round++) {
            jdbc.execute("truncate membership_lookup");
            boolean[] waited = new boolean[1];
            List<Attempt> attempts = race(false, waited);

            assertThat(waited[0]).as("the second insert waited on the first transaction").isTrue();
            List<Attempt> claimed = attempts.stream().filter(a -> a.outcome() == Outcome.CLAIMED).toList();
            List<Attempt> refused = attempts.stream().filter(a -> a.outcome() == Outcome.REFUSED).toList();
            assertThat(claimed).hasSize(1);
            assertThat(refused).hasSize(1);
            Attempt winner = claimed.get(0);
            Attempt loser = refused.get(0);
            assertThat(loser.holderUnion()).as("the refusal names the winner's union").isEqualTo(winner.unionId());
            assertThat(loser.usableAfterwards()).isTrue();

            assertThat(jdbc.queryForList("select member_id from membership_lookup where active", String.class))
                    .containsExactly(winner.memberId());
            assertThat(index.find(loser.memberId())).isEmpty();
        }
    }

    @Test
    void whenTheFirstClaimRollsBackTheWaitingOneGetsThePerson() throws Exception {
        boolean[] waited = new boolean[1];
        List<Attempt> attempts = race(true, waited);

        assertThat(waited[0]).isTrue();
        // The first rolled back; the second, released from its wait, inserted and committed.
        assertThat(attempts).extracting(Attempt::outcome)
                .containsExactlyInAnyOrder(Outcome.ROLLED_BACK, Outcome.CLAIMED);
        Attempt second = attempts.stream().filter(a -> a.outcome() == Outcome.CLAIMED).findFirst().orElseThrow();
        assertThat(jdbc.queryForList("select member_id from membership_lookup where active", String.class))
                .containsExactly(second.memberId());
    }

    // --- the ID number is never stored in clear -------------------------------------------------------

    @Test
    void theLookupStoresAKeyedHashNeverTheIdNumber() throws Exception {
        MembershipIndex keyed = new MembershipIndex(jdbc, new IdNumberIndexKey(KEY));
        keyed.add("m-1", G_A1, ID);

        byte[] stored = jdbc.queryForObject("select id_hash from membership_lookup where member_id = ?", byte[].class,
                "m-1");
        byte[] ascii = ID.getBytes(StandardCharsets.US_ASCII);
        assertThat(Bytes.contains(stored, ascii)).as("ID bytes inside id_hash").isFalse();
        assertThat(Bytes.contains(stored, "19920723".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(stored).hasSize(32);

        // HMAC-SHA256 under the configured key, not a plain digest (an ID number has too little
        // entropy: a plain hash could be reversed by trying every birth date and sequence).
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        assertThat(stored).isEqualTo(mac.doFinal(ascii));
        assertThat(stored).isNotEqualTo(MessageDigest.getInstance("SHA-256").digest(ascii));

        // Nowhere in the row, in any column's text form.
        assertThat(jdbc.queryForObject("select count(*) from membership_lookup t where t::text ilike ?",
                Integer.class, "%" + ID + "%")).isZero();
        assertThat(jdbc.queryForObject("select count(*) from membership_lookup t where t::text ilike ?",
                Integer.class, "%" + ID.substring(6, 14) + "%")).isZero();
    }

    @Test
    void aRestartWithTheSameKeyStillRecognisesThePersonAndAnotherKeyGivesAnotherHash() {
        // The key file itself (owner-only, kept across restarts): IdNumberIndexKeysTest in ops.
        index.add("m-1", G_A1, ID);

        // A restart gets the same key: the person is still recognised.
        MembershipIndex restarted = new MembershipIndex(jdbc, new IdNumberIndexKey(installationKey.bytes()));
        assertThatThrownBy(() -> restarted.add("m-2", G_B1, ID))
                .isInstanceOfSatisfying(MembershipIndex.AlreadyMember.class,
                        e -> assertThat(e.unionId).isEqualTo(G_A1));

        // Another installation's key gives another hash.
        MembershipIndex elsewhere = new MembershipIndex(jdbc, randomKey());
        elsewhere.add("m-3", G_B1, OTHER_ID);
        index.add("m-4", G_A1, OTHER_ID);
        assertThat(hashOf("m-3")).isNotEqualTo(hashOf("m-4"));
    }

    // --- the other operations ------------------------------------------------------------------

    @Test
    void aDeactivatedClaimFreesThePersonAndOnlyOneActiveClaimIsAllowed() {
        index.add("m-1", G_A1, ID);
        assertThatThrownBy(() -> index.add("m-2", G_B1, ID))
                .isInstanceOfSatisfying(MembershipIndex.AlreadyMember.class,
                        e -> assertThat(e.unionId).isEqualTo(G_A1));
        index.deactivate("m-1");
        index.add("m-2", G_B1, ID);
        assertThat(index.find("m-1")).contains(new MembershipIndex.Entry("m-1", G_A1, false));
        assertThat(index.find("m-2")).contains(new MembershipIndex.Entry("m-2", G_B1, true));
        assertThatThrownBy(() -> index.add("m-3", G_A1, ID)).isInstanceOf(MembershipIndex.AlreadyMember.class);
    }

    @Test
    void changingTheIdNumberChecksTheNewNumberAndReleasesTheOld() {
        index.add("m-1", G_A1, ID);
        index.add("m-2", G_B1, OTHER_ID);
        byte[] before = hashOf("m-1");
        assertThatThrownBy(() -> index.changeIdNumber("m-1", OTHER_ID))
                .isInstanceOfSatisfying(MembershipIndex.AlreadyMember.class,
                        e -> assertThat(e.unionId).isEqualTo(G_B1));
        assertThat(hashOf("m-1")).isEqualTo(before);

        index.changeIdNumber("m-1", "110101197501010012");
        index.add("m-3", G_B1, ID); // the old number is free again
        assertThatThrownBy(() -> index.add("m-4", G_B1, "110101197501010012"))
                .isInstanceOf(MembershipIndex.AlreadyMember.class);
    }

    @Test
    void movingKeepsTheClaim() {
        index.add("m-1", G_A1, ID);
        index.move("m-1", G_B1);
        assertThat(index.find("m-1")).contains(new MembershipIndex.Entry("m-1", G_B1, true));
        assertThatThrownBy(() -> index.add("m-2", G_A1, ID))
                .isInstanceOfSatisfying(MembershipIndex.AlreadyMember.class,
                        e -> assertThat(e.unionId).isEqualTo(G_B1));
    }

    private static IdNumberIndexKey randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new IdNumberIndexKey(key);
    }

    private byte[] hashOf(String memberId) {
        return jdbc.queryForObject("select id_hash from membership_lookup where member_id = ?", byte[].class, memberId);
    }
}
