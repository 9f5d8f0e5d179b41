package cn.unioncard.registry.command.account;

import org.springframework.stereotype.Component;

/**
 * Whether a login name belongs to an account, asked after a refused login so that the record of the
 * denial can say "wrong password" or "unknown name" (the login's answer says neither, on purpose).
 */
@Component
public class KnownAccounts {

    private final Credentials credentials;

    KnownAccounts(Credentials credentials) {
        this.credentials = credentials;
    }

    public boolean exists(String username) {
        return credentials.hashOf(username).isPresent();
    }
}
