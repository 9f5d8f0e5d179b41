package cn.unioncard.registry.query.member;

import cn.unioncard.registry.query.union.AggregatePaths;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** A member's place in the union tree, from the member directory, for scope checks by aggregate id. */
@Component
class MemberPaths implements AggregatePaths {

    private final MemberEntries entries;

    MemberPaths(MemberEntries entries) {
        this.entries = entries;
    }

    @Override
    public Optional<String> pathOf(String memberId) {
        return entries.unionPathOf(memberId);
    }
}
