package cn.unioncard.registry.events.account;

import java.util.regex.Pattern;

/** The shape every account's name has: a name of any other shape cannot be an account's. */
public final class UserNames {

    private static final Pattern SHAPE = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");

    private UserNames() {
    }

    public static boolean isWellFormed(String username) {
        return username != null && SHAPE.matcher(username).matches();
    }
}
