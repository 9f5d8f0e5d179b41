package cn.unioncard.registry.events.account;

/**
 * Everything that can happen to a user account (the UserAccount aggregate), listed in one place.
 * Events are stored by their concrete class; this interface is never serialized.
 */
public sealed interface AccountEvent permits UserAccountCreated, PasswordChanged, LoginSucceeded, LoginFailed,
        AddressLockedOut, AccountLocked, AccountUnlocked, LoginRefusedWhileLocked, PasswordReset {

    /** The account the event is about (its aggregate id). */
    String username();
}
