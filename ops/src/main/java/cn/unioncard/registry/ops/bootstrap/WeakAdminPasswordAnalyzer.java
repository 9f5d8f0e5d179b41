package cn.unioncard.registry.ops.bootstrap;

import cn.unioncard.registry.events.account.PasswordRules;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says which password rules the configured admin password breaks, in one line, without the password. */
class WeakAdminPasswordAnalyzer extends AbstractFailureAnalyzer<FirstStart.WeakAdminPassword> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, FirstStart.WeakAdminPassword cause) {
        return new FailureAnalysis("REGISTRY_ADMIN_PASSWORD breaks the password rules: " + String.join(", ", cause.codes)
                + ".", "Choose one of at least " + PasswordRules.MIN_LENGTH + " characters, without control or "
                + "invisible characters, not the user name and not a common password, or leave it unset for a "
                + "random one-time password.", cause);
    }
}
