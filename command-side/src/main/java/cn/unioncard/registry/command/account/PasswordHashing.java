package cn.unioncard.registry.command.account;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.time.Clock;
import java.time.ZoneId;

@Configuration(proxyBeanMethods = false)
class PasswordHashing {

    /** BCrypt cost 10: about 0.1 s a check here, slow enough against guessing, fast enough to log in. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder(10);
    }

    /**
     * The registry's days are Xiamen's, whatever zone its host runs in: a consent received, a card issued or
     * handed out "today" is today in Asia/Shanghai, as the read side dates everything (on a UTC host the
     * command side refused today's date from midnight to 08:00 Shanghai time).
     */
    @Bean
    Clock clock() {
        return Clock.system(ZoneId.of("Asia/Shanghai"));
    }
}
