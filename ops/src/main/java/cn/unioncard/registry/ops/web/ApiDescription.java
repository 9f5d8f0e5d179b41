package cn.unioncard.registry.ops.web;

import cn.unioncard.registry.events.audit.Actor;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document at /v3/api-docs: bearer tokens, and no {@link Actor} shown as a parameter. */
@Configuration(proxyBeanMethods = false)
class ApiDescription {

    static {
        // The actor comes from the token, not from the client's parameters.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Actor.class);
    }

    @Bean
    OpenAPI registryOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Union member service card registry").version("1")
                        .description("工会会员服务卡登记系统. Errors are RFC 9457 problem documents (Chinese by default, "
                                + "English with Accept-Language: en)."))
                .components(new Components().addSecuritySchemes("bearer",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
