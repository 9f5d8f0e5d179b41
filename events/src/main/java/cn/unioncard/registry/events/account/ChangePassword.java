package cn.unioncard.registry.events.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Change one's own password. {@link #toString()} keeps both passwords out of logs. */
public record ChangePassword(@TargetAggregateIdentifier String username, String currentPassword,
                             String newPassword) implements AccountCommand {
    public static final int MIN_LENGTH = PasswordRules.MIN_LENGTH;
    /** BCrypt reads at most 72 bytes; a longer password would be silently cut or refused. */
    public static final int MAX_BYTES = 72;

    public static boolean fitsHash(String password) {
        return password != null && password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MAX_BYTES;
    }

    @Override
    public String toString() {
        return "ChangePassword[username=" + username + "]";
    }
}
