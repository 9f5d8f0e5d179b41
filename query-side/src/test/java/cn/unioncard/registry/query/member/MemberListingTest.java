package cn.unioncard.registry.query.member;

import cn.unioncard.registry.events.member.MemberDetails;
import cn.unioncard.registry.events.member.MemberStatus;
import cn.unioncard.registry.events.member.MemberTransferred;
import cn.unioncard.registry.events.member.MemberWithdrawn;
import cn.unioncard.registry.events.member.PersonalDataErased;
import cn.unioncard.registry.events.validation.InvalidInputException;
import cn.unioncard.registry.events.validation.Violation;
import cn.unioncard.registry.query.ProjectionTest;
import cn.unioncard.registry.query.union.UnionPaths;
import cn.unioncard.registry.testing.MemberData;
import cn.unioncard.registry.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The member list on the real database: its order (name, then id), paging, filters, totals and
 * cursors, read from the narrow columns and the kept counts, agree with the directory's entities as
 * Spring Data pages them ({@link MemberListOracle#ofUnion}, sorted by name and id), which is how the
 * list was read before; pages past the middle, read backward, equal the forward ones.
 */
@ProjectionTest
class MemberListingTest {

    static final Instant T0 = Instant.parse("2026-11-27T02:00:00Z");
    static final String[] NAMES = {"王芳", "李娜", "王芳", "张伟", "王小芳", "李娜", "刘洋", "陈静", "王芳", "50%_王\\"};

    @Autowired
    MemberEntries entries;
    @Autowired
    MemberListOracle oracle;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    UnionPaths unions;

    MemberProjection projection;
    MemberListing listing;
    final List<String> idNumbers = new ArrayList<>();

    @BeforeEach
    void setUp() {
        TestDatabase.emptied("member_view", "member_count", "union_view");
        union("g-1", "/city/d-1/g-1/");
        union("g-2", "/city/d-1/g-2/");
        MemberCounts counts = new MemberCounts(jdbc);
        projection = new MemberProjection(entries, unions, counts, new NewMembers(jdbc, unions));
        listing = new MemberListing(jdbc, counts);
        // 47 members in g-1 with repeated names (so that id decides), 5 in g-2; ids not in name order.
        for (int i = 0; i < 52; i++) {
            String id = String.format("m-%02d", (i * 37) % 100);
            String unionId = i < 47 ? "g-1" : "g-2";
            String name = NAMES[i % NAMES.length];
            MemberDetails d = MemberData.details().with(x -> x.name = name).build();
            idNumbers.add(d.idNumber());
            tx.executeWithoutResult(s -> projection.on(MemberData.registered(id, unionId, d), 0, T0));
        }
        for (int i = 0; i < 47; i += 4) {
            String id = String.format("m-%02d", (i * 37) % 100);
            tx.executeWithoutResult(s -> projection.on(new MemberWithdrawn(id, "g-1", "退休"), 1, T0));
        }
        // One moves g-1 -> g-2, one is erased (name and ID number replaced), ending the membership.
        tx.executeWithoutResult(s -> projection.on(new MemberTransferred("m-37", "g-1", "g-2", null), 2, T0));
        tx.executeWithoutResult(s -> projection.on(new PersonalDataErased("m-74", "g-1", "本人申请删除", true), 2, T0));
    }

    void union(String id, String path) {
        jdbc.update("""
                insert into union_view (id, level, name, path, profile, version, registered_at, updated_at)
                values (?, 'GRASSROOTS', ?, ?, '{}'::jsonb, 0, now(), now())""", id, id, path);
    }

    /** Every union, status and fragment the fixture can tell apart. */
    List<Object[]> filters() {
        List<String> queries = new ArrayList<>(Arrays.asList(null, " ", "王", "王芳", "芳", "50%", "_", "\\",
                "不存在"));
        String tail = idNumbers.get(5).substring(14);
        queries.addAll(List.of(tail, tail.substring(3), "x"));
        List<Object[]> all = new ArrayList<>();
        for (MemberStatus status : Arrays.asList(null, MemberStatus.ACTIVE, MemberStatus.WITHDRAWN)) {
            for (String q : queries) {
                all.add(new Object[] {"g-1", status, q});
            }
        }
        all.add(new Object[] {"g-2", null, null});
        all.add(new Object[] {"g-none", null, null});
        return all;
    }

    @Test
    void everyFilterPageAndSizeAgreesWithTheEntitiesPagedByNameAndId() {
        int checked = 0;
        int backward = 0;
        for (Object[] f : filters()) {
            String unionId = (String) f[0];
            MemberStatus status = (MemberStatus) f[1];
            String q = (String) f[2];
            for (int size : new int[] {3, 7, 23, 46, 200}) {
                long total = oracle.count(MemberListOracle.ofUnion(unionId, status, q));
                for (int page = 0; page <= total / size + 1; page++) {
                    Page<MemberEntry> old = oracle.findAll(MemberListOracle.ofUnion(unionId, status, q),
                            PageRequest.of(page, size, Sort.by("name", "id")));
                    MemberListing.Found now = listing.page(unionId, status, q, page, size);
                    String what = unionId + " " + status + " q=" + q + " page " + page + " of " + size;
                    assertThat(now.rows()).as(what).isEqualTo(old.getContent().stream()
                            .map(e -> new MemberListing.Row(e.id, e.name, e.idNumber, e.mobile, e.status,
                                    e.authorised, e.version)).toList());
                    assertThat(now.total()).as(what).isEqualTo(old.getTotalElements());
                    assertThat(now.next()).as(what).isEqualTo(old.hasNext() ? old.getContent().get(size - 1).id : null);
                    backward += ListWindow.of((long) page * size, size, total).backward() ? 1 : 0;
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(400);
        assertThat(backward).as("pages read backward").isGreaterThan(100);
    }

    @Test
    void aReversedDeepPageEqualsTheForwardDeepPage() {
        List<String> forward = jdbc.queryForList("select id from member_view where union_id = 'g-1' order by name, id",
                String.class);
        int backward = 0;
        for (int size = 1; size <= forward.size() + 1; size++) {
            for (int page = 0; page <= forward.size() / size + 1; page++) {
                int from = Math.min(page * size, forward.size());
                List<String> expected = forward.subList(from, Math.min(from + size, forward.size()));
                MemberListing.Found now = listing.page("g-1", null, null, page, size);
                assertThat(now.rows()).extracting(MemberListing.Row::id).as("page %d of %d", page, size)
                        .isEqualTo(expected);
                assertThat(now.next()).as("page %d of %d", page, size)
                        .isEqualTo(from + size < forward.size() ? expected.get(size - 1) : null);
                backward += ListWindow.of((long) page * size, size, forward.size()).backward() ? 1 : 0;
            }
        }
        assertThat(backward).as("pages read backward").isGreaterThan(100);
    }

    @Test
    void theWindowOfAPageReadsExactlyItsRowsAndTellsWhetherOneFollows() {
        for (int total = 0; total <= 40; total++) {
            List<Integer> list = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                list.add(i);
            }
            List<Integer> reversed = new ArrayList<>(list);
            java.util.Collections.reverse(reversed);
            for (int size = 1; size <= 9; size++) {
                for (long offset = 0; offset <= total + 2L * size; offset += size) {
                    ListWindow w = ListWindow.of(offset, size, total);
                    List<Integer> source = w.backward() ? reversed : list;
                    int a = (int) Math.min(w.offset(), total);
                    List<Integer> read = new ArrayList<>(source.subList(a, (int) Math.min(a + w.limit(), total)));
                    if (w.backward()) {
                        assertThat(read).as("a backward window lies inside the list").hasSize((int) w.limit());
                    }
                    boolean more = w.extra() == 1 && read.size() == w.limit();
                    if (more) {
                        read.remove(w.backward() ? 0 : read.size() - 1);
                    }
                    if (w.backward()) {
                        java.util.Collections.reverse(read);
                    }
                    String what = "offset " + offset + " size " + size + " of " + total;
                    int from = (int) Math.min(offset, total);
                    assertThat(read).as(what).isEqualTo(list.subList(from, Math.min(from + size, total)));
                    assertThat(more).as(what).isEqualTo(offset + size < total);
                    assertThat(w.backward()).as(what).isEqualTo(offset * 2 > total);
                }
            }
        }
    }

    @Test
    void aCursorWalkReturnsExactlyThePagesOfTheNumberedWalk() {
        int walks = 0;
        for (Object[] f : filters()) {
            String unionId = (String) f[0];
            MemberStatus status = (MemberStatus) f[1];
            String q = (String) f[2];
            for (int size : new int[] {3, 23, 46, 200}) {
                String what = unionId + " " + status + " q=" + q + " of " + size;
                MemberListing.Found numbered = listing.page(unionId, status, q, 0, size);
                MemberListing.Found cursor = numbered;
                int page = 0;
                while (cursor.next() != null) {
                    page++;
                    assertThat(page).as(what).isLessThan(60);
                    cursor = listing.after(unionId, status, q, cursor.next(), size);
                    numbered = listing.page(unionId, status, q, page, size);
                    assertThat(cursor).as(what + " page " + page).isEqualTo(numbered);
                }
                assertThat(listing.page(unionId, status, q, page + 1, size).rows()).as(what).isEmpty();
                walks++;
            }
        }
        assertThat(walks).isEqualTo(filters().size() * 4);
    }

    @Test
    void aCursorFromAnotherUnionOrAnUnknownOneIsRefusedNamingAfter() {
        String ofG2 = jdbc.queryForObject("select id from member_view where union_id = 'g-2' limit 1", String.class);
        for (String cursor : List.of(ofG2, "m-99x", "00000000-0000-0000-0000-000000000000")) {
            assertThatThrownBy(() -> listing.after("g-1", null, null, cursor, 5)).as(cursor)
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations())
                            .extracting(Violation::field, Violation::code)
                            .containsExactly(tuple("after", "after.unknown")));
        }
        // A cursor need not pass the filters: it is a place in the union's order.
        String withdrawn = jdbc.queryForObject("""
                select id from member_view where union_id = 'g-1' and status = 'WITHDRAWN'
                order by name, id limit 1""", String.class);
        List<String> activeAfter = jdbc.queryForList("""
                select id from member_view where union_id = 'g-1' and status = 'ACTIVE'
                  and (name, id) > (select name, id from member_view where id = ?) order by name, id limit 5""",
                String.class, withdrawn);
        assertThat(listing.after("g-1", MemberStatus.ACTIVE, null, withdrawn, 5).rows())
                .extracting(MemberListing.Row::id).hasSize(5).isEqualTo(activeAfter);
        // The last member of the list as a cursor: an empty last page, not a refusal.
        String last = jdbc.queryForObject("select id from member_view where union_id = 'g-1' order by name desc, id desc "
                + "limit 1", String.class);
        MemberListing.Found end = listing.after("g-1", null, null, last, 5);
        assertThat(end.rows()).isEmpty();
        assertThat(end.next()).isNull();
        assertThat(end.total()).isEqualTo(46);
    }

    @Test
    void aStaleTotalStillGivesAnOrderedRunOfTheListAndNeverMoreThanAPage() {
        List<String> forward = jdbc.queryForList("select id from member_view where union_id = 'g-1' order by name, id",
                String.class);
        for (int drift : new int[] {-7, -1, 1, 7}) {
            // What concurrent registrations or transfers between the count and the page look like.
            jdbc.update("update member_count set members = members + ? where union_id = 'g-1' and status = 'ACTIVE' "
                    + "and slot = (select min(slot) from member_count where union_id = 'g-1' and status = 'ACTIVE')",
                    drift);
            for (int size : new int[] {1, 5, 20}) {
                for (int page = 0; page <= forward.size() / size + 2; page++) {
                    List<String> shown = listing.page("g-1", null, null, page, size).rows().stream()
                            .map(MemberListing.Row::id).toList();
                    assertThat(shown.size()).isLessThanOrEqualTo(size);
                    if (!shown.isEmpty()) {
                        int at = forward.indexOf(shown.get(0));
                        assertThat(forward.subList(at, at + shown.size())).as("drift %d page %d of %d", drift, page,
                                size).isEqualTo(shown);
                        assertThat(Math.abs(at - page * size)).isLessThanOrEqualTo(Math.abs(drift));
                    }
                }
            }
            jdbc.update("update member_count set members = members - ? where union_id = 'g-1' and status = 'ACTIVE' "
                    + "and slot = (select min(slot) from member_count where union_id = 'g-1' and status = 'ACTIVE')",
                    drift);
        }
    }

    @Test
    void theFirstPageIsInNameThenIdOrderWithTheUnionsTotals() {
        MemberListing.Found all = listing.page("g-1", null, null, 0, 5);
        assertThat(all.total()).isEqualTo(46);
        assertThat(all.rows()).extracting(MemberListing.Row::name).containsExactly(
                "50%_王\\", "50%_王\\", "50%_王\\", "50%_王\\", "刘洋");
        assertThat(all.rows().subList(0, 4)).extracting(MemberListing.Row::id).isSorted();
        assertThat(listing.page("g-1", MemberStatus.WITHDRAWN, null, 0, 5).total()).isEqualTo(13);
        assertThat(listing.page("g-1", MemberStatus.ACTIVE, null, 0, 5).total()).isEqualTo(33);
        assertThat(listing.page("g-1", MemberStatus.ACTIVE, "王芳", 0, 5).total())
                .isEqualTo(jdbc.queryForObject("""
                        select count(*) from member_view
                        where union_id = 'g-1' and status = 'ACTIVE' and name like '%王芳%'""", Long.class));
        assertThat(listing.page("g-2", null, null, 0, 20).total()).isEqualTo(6);
        // A page past the end shows nothing and still tells the total.
        MemberListing.Found past = listing.page("g-1", null, null, 100, 20);
        assertThat(past.rows()).isEmpty();
        assertThat(past.total()).isEqualTo(46);
    }
}
