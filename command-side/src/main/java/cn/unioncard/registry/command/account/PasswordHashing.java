package cn.unioncard.registry.command.account;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class PasswordHashing {

    /** BCrypt cost 10: about 0.1 s a check here, slow enough against guessing, fast enough to log in. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder(10);
    }

    @Bean
    Clock clock() {
        return Clock.systemDefaultZone();
    }
}
