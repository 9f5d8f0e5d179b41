package cn.unioncard.registry.ops.web;

import cn.unioncard.registry.events.audit.Actor;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Objects;
import java.util.stream.Stream;

/**
 * The OpenAPI document at /v3/api-docs: bearer tokens, no {@link Actor} shown as a parameter, and
 * the optional Idempotency-Key on every request that changes something.
 */
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

    @Bean
    OpenApiCustomizer idempotencyKeyHeader() {
        return api -> api.getPaths().forEach((path, item) -> Stream.of(item.getPost(), item.getPut(), item.getPatch())
                .filter(Objects::nonNull)
                .filter(operation -> !path.startsWith("/api/auth/"))
                .forEach(operation -> operation.addParametersItem(new HeaderParameter().name("Idempotency-Key")
                        .required(false).schema(new StringSchema().maxLength(128))
                        .description("Makes a retry safe: the same key, address and body within a day get the first "
                                + "answer again; the same key with another request is refused (422)."))));
    }
}
