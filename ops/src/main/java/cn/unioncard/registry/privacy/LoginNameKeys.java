package cn.unioncard.registry.privacy;

import cn.unioncard.registry.command.account.LoginNameKey;
import cn.unioncard.registry.ops.security.AttemptedNameKey;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Gives the login throttle and the record of denied logins their keyed hashes of names, each under its
 * own key derived from the master key (a hash in one table cannot be matched against the other).
 */
@Configuration(proxyBeanMethods = false)
class LoginNameKeys {

    @Bean
    LoginNameKey loginNameKey(MasterKey master) {
        // 64 hex digits: exactly the width of login_throttle.username.
        return username -> HexFormat.of().formatHex(master.mac("login-throttle-name",
                username.getBytes(StandardCharsets.UTF_8)));
    }

    @Bean
    AttemptedNameKey attemptedNameKey(MasterKey master) {
        return username -> HexFormat.of().formatHex(master.mac("denied-login-name",
                username.getBytes(StandardCharsets.UTF_8)));
    }
}
