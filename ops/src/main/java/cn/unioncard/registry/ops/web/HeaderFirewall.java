package cn.unioncard.registry.ops.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's firewall, told that header values are UTF-8 as the edge reads them. Tomcat
 * hands a header over byte for byte as ISO-8859-1, so a purpose such as 核对会员信息 arrives with
 * bytes 0x80–0x9F, which the stock firewall takes for control characters and refuses with a bare
 * 400. Here a value is refused only when its UTF-8 text holds a control character; the edge
 * ({@link InputEdgeFilter}) has already refused those, naming the header.
 */
@Configuration(proxyBeanMethods = false)
class HeaderFirewall {

    @Bean
    HttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderValues(value -> UnsafeCharacters.headerText(value).chars()
                .noneMatch(Character::isISOControl));
        return firewall;
    }
}
