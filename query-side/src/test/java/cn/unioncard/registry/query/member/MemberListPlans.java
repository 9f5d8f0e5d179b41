package cn.unioncard.registry.query.member;

import cn.unioncard.registry.testing.TestDatabase;
import cn.unioncard.registry.events.member.MemberStatus;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Not part of the build's test run (its name does not end in Test): the member list's SQL on the
 * real embedded PostgreSQL with a large union, its plans and its single-client timings, old SQL next
 * to the list's own. Run on demand:
 * {@code ./mvnw -B -o -q test -pl query-side -am -Dtest=MemberListPlans -Dsurefire.failIfNoSpecifiedTests=false}
 * (writes query-side/target/member-list-plans.txt). Sizes: {@code -Dplans.unions=300 -Dplans.big=50000}.
 */
class MemberListPlans {

    static final String BIG = "u-big";
    static final String OLD_COLUMNS = "id, union_id, union_path, status, name, id_number, id_tail, mobile, details, "
            + "authorised, authorised_on, version, registered_at, updated_at, erased_at";

    /** A numbered page read forward, as every page was before the backward read of deep pages and the cursor. */
    static final String OFFSET_TAIL = " order by name, id offset :offset rows fetch first :limit rows only";

    final JdbcTemplate jdbc = TestDatabase.emptied("member_view");
    final StringBuilder out = new StringBuilder();

    @Test
    void plansAndTimings() throws IOException {
        int unions = Integer.getInteger("plans.unions", 300);
        int big = Integer.getInteger("plans.big", 50_000);
        long t0 = System.nanoTime();
        fill(jdbc, "u-", unions, 1000);
        fill(jdbc, BIG, 1, big);
        jdbc.execute("vacuum analyze member_view");
        boolean countTable = jdbc.queryForObject(
                "select count(*) from pg_tables where tablename = 'member_count'", Integer.class) > 0;
        if (countTable) {
            jdbc.execute("truncate member_count");
            jdbc.execute("""
                    insert into member_count (union_id, status, slot, members)
                    select union_id, status, 0, count(*) from member_view group by union_id, status""");
            jdbc.execute("vacuum analyze member_count");
        }
        line("filled %d unions x 1000 + one of %d in %d ms; member_view %s, indexes %s", unions, big,
                (System.nanoTime() - t0) / 1_000_000,
                jdbc.queryForObject("select pg_size_pretty(pg_table_size('member_view'))", String.class),
                jdbc.queryForObject("select pg_size_pretty(pg_indexes_size('member_view'))", String.class));

        String someName = jdbc.queryForObject("select substr(name, 2, 1) from member_view where union_id = ? limit 1",
                String.class, BIG);
        List<String[]> filters = List.of(
                new String[] {"all", ""},
                new String[] {"status=WITHDRAWN", " and status = 'WITHDRAWN'"},
                new String[] {"q=name fragment", " and name like '%" + someName + "%' escape '\\'"},
                new String[] {"q=id tail", " and id_tail like '%37'"},
                new String[] {"q=id tail 4", " and id_tail like '%1237'"});
        int deep = big / 20 / 2;
        for (String[] f : filters) {
            for (int page : new int[] {0, deep}) {
                String where = "where union_id = '" + BIG + "'" + f[1];
                String old = "select " + OLD_COLUMNS + " from member_view " + where
                        + " order by name, id offset " + page * 20 + " rows fetch first 20 rows only";
                String count = "select count(*) from member_view " + where;
                section("OLD page " + page + ", " + f[0], old, count);
                if (countTable) {
                    String now = MemberListing.PAGE_SQL_HEAD + where.replaceAll("id_tail like '%(\\d+)'",
                            "reverse(id_tail) like reverse('$1') || '%'") + OFFSET_TAIL
                            .replace(":offset", String.valueOf(page * 20)).replace(":limit", "20");
                    String cheap = f[1].isEmpty() || f[0].startsWith("status")
                            ? "select coalesce(sum(members), 0) from member_count where union_id = '" + BIG + "'"
                              + f[1] : count.replaceAll("id_tail like '%(\\d+)'",
                            "reverse(id_tail) like reverse('$1') || '%'");
                    section("NEW page " + page + ", " + f[0], now, cheap);
                }
            }
        }
        if (countTable) {
            String sql = MemberListing.PAGE_SQL_HEAD + "where union_id = $1" + OFFSET_TAIL
                    .replace(":offset", "$2").replace(":limit", "$3");
            line("==== generic plan (as a server-prepared statement may use after 5 runs)");
            jdbc.execute((java.sql.Connection c) -> {
                try (var st = c.createStatement()) {
                    st.execute("prepare deep (text, bigint, int) as " + sql);
                    st.execute("set plan_cache_mode = force_generic_plan");
                    try (var rs = st.executeQuery("explain (analyze, buffers) execute deep('" + BIG + "', "
                            + (big - 2000) + ", 20)")) {
                        while (rs.next()) {
                            line("    %s", rs.getString(1));
                        }
                    }
                }
                return null;
            });
            section("NEW page " + (big / 20 - 100) + ", all", MemberListing.PAGE_SQL_HEAD + "where union_id = '" + BIG
                    + "'" + OFFSET_TAIL.replace(":offset", String.valueOf(big - 2000))
                    .replace(":limit", "20"), "select 1");
            // The last tenth, three ways: forward over the offset (before), backward from the end, after a cursor.
            long deepOffset = big - big / 20;
            String cursor = jdbc.queryForObject("select id from member_view where union_id = ? order by name, id offset ? "
                    + "limit 1", String.class, BIG, deepOffset - 1);
            String all = MemberListing.PAGE_SQL_HEAD + "where union_id = '" + BIG + "'";
            section("DEEP offset " + deepOffset + ", forward (before)", all + OFFSET_TAIL
                    .replace(":offset", String.valueOf(deepOffset)).replace(":limit", "21"), "select 1");
            section("DEEP offset " + deepOffset + ", backward", all + MemberListing.BACKWARD_TAIL
                    .replaceFirst("\\?", String.valueOf(big - deepOffset - 21)).replaceFirst("\\?", "22"), "select 1");
            section("DEEP offset " + deepOffset + ", after a cursor", all + MemberListing.AFTER_TAIL
                    .replaceFirst("\\?", "'" + cursor + "'").replaceFirst("\\?", "'" + BIG + "'")
                    .replaceFirst("\\?", "21"), "select 1");
            section("DEEP status=ACTIVE, after a cursor", all + " and status = 'ACTIVE'" + MemberListing.AFTER_TAIL
                    .replaceFirst("\\?", "'" + cursor + "'").replaceFirst("\\?", "'" + BIG + "'")
                    .replaceFirst("\\?", "21"), "select 1");
            load(unions, big);
        }
        Path file = Path.of("target", "member-list-plans.txt");
        Files.writeString(file, out);
        System.out.println(out);
    }

    /**
     * The list's own reads ({@link MemberListing}: page and total, bound parameters, pooled connections)
     * from {@code plans.clients} threads in this JVM: the database side of a page, without HTTP, tokens
     * or the access record's insert.
     */
    void load(int unions, int big) {
        int clients = Integer.getInteger("plans.clients", 32);
        int seconds = Integer.getInteger("plans.seconds", 10);
        if (seconds == 0) {
            return;
        }
        PGSimpleDataSource simple = (PGSimpleDataSource) TestDatabase.dataSource();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(simple.getUrl());
        config.setUsername(simple.getUser());
        config.setMaximumPoolSize(Integer.getInteger("plans.pool", 10));
        try (HikariDataSource pool = new HikariDataSource(config)) {
            JdbcTemplate pooled = new JdbcTemplate(pool);
            MemberListing listing = new MemberListing(pooled, new MemberCounts(pooled));
            int bigPages = big / 20;
            MemberCounts counts = new MemberCounts(pooled);
            List<String> cursors = pooled.queryForList("select id from member_view where union_id = ? order by name, id "
                    + "offset ?", String.class, BIG, big * 9L / 10);
            phase("first pages of the big union", clients, seconds, r -> listing.page(BIG, null, null, 0, 20));
            phase("deep pages, last tenth, forward (before)", clients, seconds, r -> {
                long offset = (bigPages * 9L / 10 + r.nextInt(Math.max(1, bigPages / 10))) * 20;
                List<MemberListing.Row> rows = pooled.query(MemberListing.PAGE_SQL_HEAD + "where union_id = ?"
                        + MemberListing.FORWARD_TAIL, (rs, n) -> new MemberListing.Row(rs.getString(1), rs.getString(2),
                        rs.getString(3), rs.getString(4), MemberStatus.valueOf(rs.getString(5)), rs.getBoolean(6),
                        rs.getLong(7)), BIG, offset, 21);
                return new MemberListing.Found(rows, counts.of(BIG, null), null);
            });
            phase("deep pages, last tenth, numbered (backward)", clients, seconds,
                    r -> listing.page(BIG, null, null, bigPages * 9 / 10 + r.nextInt(Math.max(1, bigPages / 10)), 20));
            phase("deep pages, last tenth, after a cursor", clients, seconds,
                    r -> listing.after(BIG, null, null, cursors.get(r.nextInt(cursors.size())), 20));
            phase("middle pages (the dearest numbered ones)", clients, seconds,
                    r -> listing.page(BIG, null, null, bigPages / 2 - 5 + r.nextInt(10), 20));
            phase("any page: half the big union, half the others", clients, seconds, r -> r.nextBoolean()
                    ? listing.page(BIG, null, null, r.nextInt(bigPages), 20)
                    : listing.page("u-" + r.nextInt(unions), null, null, r.nextInt(50), 20));
            phase("status=ACTIVE, any page of the big union", clients, seconds,
                    r -> listing.page(BIG, MemberStatus.ACTIVE, null, r.nextInt(bigPages * 9 / 10), 20));
            phase("q=4 ID digits, big union", clients, seconds,
                    r -> listing.page(BIG, null, String.format("%04d", r.nextInt(10000)), 0, 20));
        }
    }

    void phase(String name, int clients, int seconds, Function<ThreadLocalRandom, MemberListing.Found> read) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<long[]> perThread = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            long[] times = new long[2_000_000];
            perThread.add(times);
            Thread thread = new Thread(() -> {
                int n = 0;
                while (System.nanoTime() < end && n < times.length - 1) {
                    long t = System.nanoTime();
                    read.apply(ThreadLocalRandom.current());
                    times[++n] = System.nanoTime() - t;
                }
                times[0] = n;
            });
            thread.start();
            threads.add(thread);
        }
        threads.forEach(t -> {
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        long[] all = perThread.stream().flatMapToLong(t -> java.util.Arrays.stream(t, 1, (int) t[0] + 1)).sorted()
                .toArray();
        line("LOAD %-48s %d clients: %8.0f reads/s, p50 %.2f ms, p95 %.2f ms, p99 %.2f ms", name, clients,
                all.length / (double) seconds, all[all.length / 2] / 1e6, all[(int) (all.length * 0.95)] / 1e6,
                all[(int) (all.length * 0.99)] / 1e6);
    }

    void section(String title, String page, String count) {
        line("==== %s", title);
        line("-- page: %.2f ms mean of 20; count: %.2f ms mean of 20", time(page), time(count));
        for (String sql : List.of(page, count)) {
            line("> %s", sql);
            for (Map<String, Object> r : jdbc.queryForList("explain (analyze, buffers) " + sql)) {
                line("    %s", r.values().iterator().next());
            }
        }
    }

    double time(String sql) {
        for (int i = 0; i < 3; i++) {
            jdbc.queryForList(sql);
        }
        long t = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            jdbc.queryForList(sql);
        }
        return (System.nanoTime() - t) / 20 / 1e6;
    }

    /** Members with realistic widths: a ~1 KB details document, Chinese names, 10 % withdrawn. */
    static void fill(JdbcTemplate jdbc, String prefix, int unions, int each) {
        List<Object[]> args = new ArrayList<>();
        for (int u = 0; u < unions; u++) {
            args.add(new Object[] {unions == 1 ? prefix : prefix + u, each});
        }
        jdbc.batchUpdate("""
                insert into member_view (id, union_id, union_path, status, name, id_number, id_tail, mobile, details,
                    authorised, authorised_on, version, registered_at, updated_at)
                select md5(?1 || '-' || i)::uuid::text, ?1, '/city/d/' || ?1 || '/',
                       case when i % 10 = 0 then 'WITHDRAWN' else 'ACTIVE' end, n, idn, right(idn, 4),
                       '13' || lpad(i::text, 9, '0'),
                       jsonb_build_object('name', n, 'idType', 'RESIDENT_ID', 'idNumber', idn,
                           'mobile', '13' || lpad(i::text, 9, '0'), 'contactAddress', repeat('厦门市思明区某某路', 12),
                           'employerName', repeat('厦门某某有限公司', 6), 'occupation', repeat('工程师', 10),
                           'householdProvince', '福建省', 'householdCity', '厦门市', 'education', 'BACHELOR',
                           'politicalStatus', 'MASSES', 'nationality', 'CN', 'ethnicGroup', 'HAN',
                           'filler', repeat('x', 400)),
                       i % 3 = 0, null, 3, now(), now()
                from generate_series(1::bigint, ?2) i,
                     lateral (select (array['王','李','张','刘','陈','杨','黄','赵','吴','周'])[1 + i % 10]
                                     || chr((19968 + (i * 7919) % 20000)::int) || chr((19968 + (i * 104729) % 20000)::int) as n,
                                     '350203' || lpad(((i * 7919) % 100000000)::text, 8, '0')
                                     || lpad((i % 10000)::text, 4, '0') as idn) x
                """.replace("?1", "cast(? as text)").replace("?2", "?"), expand(args));
    }

    /** The statement names the union three times: each row's arguments repeated per placeholder. */
    static List<Object[]> expand(List<Object[]> args) {
        List<Object[]> all = new ArrayList<>();
        for (Object[] a : args) {
            all.add(new Object[] {a[0], a[0], a[0], a[1]});
        }
        return all;
    }

    void line(String format, Object... args) {
        out.append(String.format(format, args)).append('\n');
    }
}
