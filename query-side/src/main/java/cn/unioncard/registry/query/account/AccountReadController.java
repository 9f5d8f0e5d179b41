package cn.unioncard.registry.query.account;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.validation.Paging;
import cn.unioncard.registry.query.union.ViewerScope;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/**
 * Who has an account in the caller's subtree. The directory follows the events within moments
 * (it is a streaming projection), so an account opened a millisecond ago may not be listed yet.
 */
@RestController
class AccountReadController {

    record AccountView(String username, String displayName, Role role, String unionId,
                       boolean passwordChangeRequired, Instant createdAt, Instant lastLoginAt, Instant lockedUntil) {
    }

    record AccountPage(List<AccountView> items, int page, int size, long total) {
    }

    private final AccountEntries entries;
    private final ViewerScope scopes;

    AccountReadController(AccountEntries entries, ViewerScope scopes) {
        this.entries = entries;
        this.scopes = scopes;
    }

    @GetMapping("/api/users")
    @Transactional(readOnly = true)
    AccountPage list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size,
                     Actor actor) {
        Permission.LIST_ACCOUNTS.require(actor);
        Paging.check(page, size, 200);
        String scope = scopes.pathOf(actor);
        if (scope == null) {
            return new AccountPage(List.of(), page, size, 0);
        }
        Page<AccountEntry> result = entries.inScope(scope, PageRequest.of(page, size));
        return new AccountPage(result.map(e -> new AccountView(e.username, e.displayName, e.role, e.organisationId,
                e.passwordChangeRequired, e.createdAt, e.lastLoginAt, e.lockedUntil)).getContent(), page, size,
                result.getTotalElements());
    }
}
