package cn.unioncard.registry.privacy;

import cn.unioncard.registry.command.account.LoginNameKey;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Gives the login throttle its keyed hash of names, under a key derived from the master key. */
@Configuration(proxyBeanMethods = false)
class LoginNameKeys {

    @Bean
    LoginNameKey loginNameKey(MasterKey master) {
        // 64 hex digits: exactly the width of login_throttle.username.
        return username -> HexFormat.of().formatHex(master.mac("login-throttle-name",
                username.getBytes(StandardCharsets.UTF_8)));
    }
}
