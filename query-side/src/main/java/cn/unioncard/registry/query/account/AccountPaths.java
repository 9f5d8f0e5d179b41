package cn.unioncard.registry.query.account;

import cn.unioncard.registry.query.union.AggregatePaths;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** An account's place in the union tree (its union's path), for scope checks by aggregate id (the user name). */
@Component
class AccountPaths implements AggregatePaths {

    private final AccountEntries entries;

    AccountPaths(AccountEntries entries) {
        this.entries = entries;
    }

    @Override
    public Optional<String> pathOf(String username) {
        return entries.unionPathOf(username);
    }
}
