package cn.unioncard.registry.query.union;

import cn.unioncard.registry.events.union.UnionLevel;
import cn.unioncard.registry.events.union.UnionProfile;
import cn.unioncard.registry.events.union.UnionProfileUpdated;
import cn.unioncard.registry.events.union.UnionRegistered;
import cn.unioncard.registry.events.union.UnionSystemCodeAssigned;
import cn.unioncard.registry.query.ProjectionTest;
import cn.unioncard.registry.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ProjectionTest
class UnionProjectionTest {

    static final Instant T0 = Instant.parse("2026-11-27T02:00:00Z");

    @Autowired
    UnionEntries entries;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;

    UnionProjection projection;

    @BeforeEach
    void setUp() {
        TestDatabase.emptied("union_view");
        projection = new UnionProjection(entries);
    }

    /** One event in a transaction of its own, as the event processor hands it over. */
    void handle(Runnable handler) {
        tx.executeWithoutResult(s -> handler.run());
    }

    static UnionProfile profile(String name) {
        return new UnionProfile(name, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                LocalDate.of(2026, 11, 20));
    }

    Map<String, Object> row(String id) {
        return jdbc.queryForMap("select parent_id, level, system_code, name, path, profile ->> 'name' as profile_name, "
                + "version, registered_at, updated_at from union_view where id = ?", id);
    }

    void registerCityAndDistrict() {
        handle(() -> projection.on(new UnionRegistered("city", null, UnionLevel.CITY, profile("厦门市总工会"), List.of()),
                0, T0));
        handle(() -> projection.on(new UnionRegistered("d-1", "city", UnionLevel.DISTRICT, profile("思明区总工会"),
                List.of()), 0, T0.plusSeconds(1)));
    }

    @Test
    void aUnionIsListedUnderItsParentsPathWithItsSystemCodeAndLatestProfile() {
        registerCityAndDistrict();
        handle(() -> projection.on(new UnionSystemCodeAssigned("d-1", "01"), 1));
        handle(() -> projection.on(new UnionRegistered("g-1", "d-1", UnionLevel.GRASSROOTS, profile("某某公司工会"),
                List.of()), 0, T0.plusSeconds(2)));
        handle(() -> projection.on(new UnionProfileUpdated("d-1", profile("思明区总工会委员会"), List.of()), 2,
                T0.plusSeconds(3)));

        assertThat(row("city")).containsEntry("path", "/city/").containsEntry("parent_id", null)
                .containsEntry("level", "CITY");
        Map<String, Object> district = row("d-1");
        assertThat(district).containsEntry("path", "/city/d-1/").containsEntry("parent_id", "city")
                .containsEntry("level", "DISTRICT").containsEntry("system_code", "01")
                .containsEntry("name", "思明区总工会委员会").containsEntry("profile_name", "思明区总工会委员会")
                .containsEntry("version", 2L)
                .containsEntry("registered_at", Timestamp.from(T0.plusSeconds(1)))
                .containsEntry("updated_at", Timestamp.from(T0.plusSeconds(3)));
        assertThat(row("g-1")).containsEntry("path", "/city/d-1/g-1/").containsEntry("system_code", null);
    }

    @Test
    void eventsForAnUnknownUnionChangeNothing() {
        registerCityAndDistrict();
        handle(() -> projection.on(new UnionSystemCodeAssigned("nowhere", "09"), 1));
        handle(() -> projection.on(new UnionProfileUpdated("nowhere", profile("无此工会"), List.of()), 2, T0));
        assertThat(jdbc.queryForObject("select count(*) from union_view", Long.class)).isEqualTo(2);
        assertThat(jdbc.queryForObject("select count(*) from union_view where system_code is not null", Long.class))
                .isZero();
    }

    @Test
    void aResetEmptiesTheDirectoryForAReplay() {
        registerCityAndDistrict();
        handle(projection::reset);
        assertThat(jdbc.queryForObject("select count(*) from union_view", Long.class)).isZero();
    }
}
