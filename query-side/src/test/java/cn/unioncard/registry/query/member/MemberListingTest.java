package cn.unioncard.registry.query.member;

import cn.unioncard.registry.events.member.MemberDetails;
import cn.unioncard.registry.events.member.MemberStatus;
import cn.unioncard.registry.events.member.MemberTransferred;
import cn.unioncard.registry.events.member.MemberWithdrawn;
import cn.unioncard.registry.events.member.PersonalDataErased;
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

/**
 * The member list on the real database: its order (name, then id), paging, filters and totals,
 * read from the narrow columns and the kept counts, agree with the directory's entities as
 * Spring Data pages them ({@link MemberEntries#ofUnion}, sorted by name and id), which is how the
 * list was read before.
 */
@ProjectionTest
class MemberListingTest {

    static final Instant T0 = Instant.parse("2026-11-27T02:00:00Z");
    static final String[] NAMES = {"王芳", "李娜", "王芳", "张伟", "王小芳", "李娜", "刘洋", "陈静", "王芳", "50%_王\\"};

    @Autowired
    MemberEntries entries;
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

    @Test
    void everyFilterPageAndSizeAgreesWithTheEntitiesPagedByNameAndId() {
        List<String> queries = new ArrayList<>(Arrays.asList(null, " ", "王", "王芳", "芳", "50%", "_", "\\",
                "不存在"));
        String tail = idNumbers.get(5).substring(14);
        queries.addAll(List.of(tail, tail.substring(3), "x"));
        int checked = 0;
        for (String unionId : List.of("g-1", "g-2", "g-none")) {
            boolean all = unionId.equals("g-1");
            for (MemberStatus status : all ? Arrays.asList(null, MemberStatus.ACTIVE, MemberStatus.WITHDRAWN)
                    : Arrays.asList((MemberStatus) null)) {
                for (String q : all ? queries : Arrays.asList((String) null)) {
                    for (int size : new int[] {7, 200}) {
                        for (int page = 0; page <= 48 / size + 1; page++) {
                            Page<MemberEntry> old = entries.findAll(MemberEntries.ofUnion(unionId, status, q),
                                    PageRequest.of(page, size, Sort.by("name", "id")));
                            MemberListing.Found now = listing.page(unionId, status, q, page, size);
                            String what = unionId + " " + status + " q=" + q + " page " + page + " of " + size;
                            assertThat(now.rows().stream().map(MemberListing.Row::id).toList()).as(what)
                                    .isEqualTo(old.getContent().stream().map(e -> e.id).toList());
                            assertThat(now.rows()).as(what).isEqualTo(old.getContent().stream()
                                    .map(e -> new MemberListing.Row(e.id, e.name, e.idNumber, e.mobile, e.status,
                                            e.authorised, e.version)).toList());
                            assertThat(now.total()).as(what).isEqualTo(old.getTotalElements());
                            checked++;
                        }
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(350);
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
