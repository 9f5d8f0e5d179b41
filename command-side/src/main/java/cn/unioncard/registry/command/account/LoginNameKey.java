package cn.unioncard.registry.command.account;

/**
 * The key a login name is counted under in {@code login_throttle}: a keyed hash, so that whatever
 * someone typed into the name field (often a password) is never kept in clear. Provided as a bean
 * by the application, which holds the key.
 */
@FunctionalInterface
public interface LoginNameKey {

    /** The same name always gives the same key; nobody without the key can test a guess against it. */
    String of(String username);
}
