package cn.unioncard.registry.events.account;

import java.util.Locale;
import java.util.regex.Pattern;

/** The shape every account's name has: a name of any other shape cannot be an account's. */
public final class UserNames {

    private static final Pattern SHAPE = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");

    private UserNames() {
    }

    /** A typed name as accounts know it: trimmed and lower-case, so {@code " Li.Ming"} is {@code li.ming}; null stays null. */
    public static String normalised(String typed) {
        return typed == null ? null : typed.trim().toLowerCase(Locale.ROOT);
    }

    public static boolean isWellFormed(String username) {
        return username != null && SHAPE.matcher(username).matches();
    }
}
