package cn.unioncard.registry.events.account;

/** Everything one can ask of a user account, listed in one place (its events: {@link AccountEvent}). */
public sealed interface AccountCommand permits CreateUserAccount, AuthenticateUser, ChangePassword, UnlockAccount,
        ResetPassword {

    /** The account the command is for (its aggregate id). */
    String username();
}
