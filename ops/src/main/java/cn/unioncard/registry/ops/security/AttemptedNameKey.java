package cn.unioncard.registry.ops.security;

/**
 * The keyed hash a login under an unknown name is recorded by (AccessDenied.attemptedUserKey): repeated
 * tries of one name can be told apart, but nobody without the registry's key learns the name, which is
 * often a password typed into the wrong field. Keyed apart from the throttle's hash. Provided by privacy.
 */
@FunctionalInterface
public interface AttemptedNameKey {

    String of(String username);
}
