package cn.unioncard.registry.command.scope;

import cn.unioncard.registry.command.Lookups;
import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.union.UnionLevel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Scope by the union tree on the real lookup: a clerk sees their own subtree, and nothing else exists for them. */
class UnionTreeTest {

    UnionTree tree;

    @BeforeEach
    void setUp() {
        tree = new UnionTree(Lookups.emptied());
        tree.add("city", null, UnionLevel.CITY);
        tree.add("d-a", "city", UnionLevel.DISTRICT);
        tree.add("d-b", "city", UnionLevel.DISTRICT);
        tree.add("g-a1", "d-a", UnionLevel.GRASSROOTS);
        tree.add("g-a2", "d-a", UnionLevel.GRASSROOTS);
        tree.add("g-b1", "d-b", UnionLevel.GRASSROOTS);
    }

    static Actor as(Role role, String organisation) {
        return new Actor("someone", role, organisation, "127.0.0.1", "corr-1", null);
    }

    @Test
    void aUnionsOperatorSeesTheirOwnUnionAndNoOther() {
        Actor op = as(Role.UNION_OPERATOR, "g-a1");
        assertThat(tree.requireVisible(op, "g-a1").path()).isEqualTo(tree.find("g-a1").orElseThrow().path());
        for (String other : new String[] {"g-a2", "d-a", "city", "g-b1", "no-such-union"}) {
            assertThatThrownBy(() -> tree.requireVisible(op, other)).as(other).isInstanceOf(RegistryProblem.class);
            assertThat(tree.isVisible(op, other)).as(other).isFalse();
        }
    }

    @Test
    void aDistrictReviewerSeesTheDistrictsUnionsAndNotTheNeighboursOrTheCity() {
        Actor reviewer = as(Role.DISTRICT_REVIEWER, "d-a");
        assertThat(tree.requireVisible(reviewer, "d-a").level()).isEqualTo(UnionLevel.DISTRICT);
        assertThat(tree.requireVisible(reviewer, "g-a2").unionId()).isEqualTo("g-a2");
        assertThat(tree.isVisible(reviewer, "g-b1")).isFalse();
        assertThat(tree.isVisible(reviewer, "d-b")).isFalse();
        assertThat(tree.isVisible(reviewer, "city")).isFalse();
    }

    @Test
    void anActorWhoseOwnUnionIsUnknownSeesNothing() {
        assertThat(tree.isVisible(as(Role.UNION_OPERATOR, "gone"), "g-a1")).isFalse();
        assertThat(tree.isVisible(as(Role.UNION_OPERATOR, null), "g-a1")).isFalse();
    }

    @Test
    void theCityAdminSeesEveryUnionButNotOnesThatDoNotExist() {
        Actor admin = as(Role.CITY_ADMIN, "city");
        assertThat(tree.requireVisible(admin, "g-b1").systemCode()).isEqualTo("0200001");
        assertThat(tree.isVisible(admin, "no-such-union")).isFalse();
    }
}
