package cn.unioncard.registry.ops.web;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Permission;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.QueryParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The OpenAPI document at /v3/api-docs: bearer tokens, no {@link Actor} shown as a parameter, the
 * optional Idempotency-Key on every request that changes something, the purpose where a read
 * needs one, and the problem documents every endpoint may answer.
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

    /**
     * Reads that need a stated purpose (ActorFilter takes it from {@code X-Purpose} or
     * {@code ?purpose=}); a new endpoint that reveals member data adds its path here.
     */
    static final Set<String> PURPOSE_READS = Set.of("/api/members/{id}", "/api/members/{id}/history",
            "/api/members/{id}/card", "/api/audit/events", "/api/audit/{aggregateType}/{id}/state");

    @Bean
    OpenApiCustomizer purposeParameter() {
        return api -> api.getPaths().forEach((path, item) -> {
            if (PURPOSE_READS.contains(path) && item.getGet() != null) {
                item.getGet().addParametersItem(new QueryParameter().name(StatedPurpose.FIELD).required(false)
                        .schema(new StringSchema().minLength(Permission.MIN_PURPOSE).maxLength(StatedPurpose.MAX_LENGTH))
                        .description("Why the member's data is read (at least 5 characters; or the X-Purpose "
                                + "header). Needed to reveal or to read a history; recorded with the access. "
                                + "Missing → 400 naming purpose."));
            }
        });
    }

    /**
     * The refusals, in the order they are decided (README "Refusals"): 400 unreadable request,
     * 401, 404 outside the caller's subtree, 403 missing permission, 400 missing purpose or
     * invalid input, then conflicts; 503 when the database or the access log is down.
     */
    @Bean
    OpenApiCustomizer problemResponses() {
        return api -> {
            api.getComponents().addSchemas("Problem", new ObjectSchema()
                    .description("RFC 9457 problem document")
                    .addProperty("type", new StringSchema().example("/problems/not-found"))
                    .addProperty("title", new StringSchema())
                    .addProperty("status", new IntegerSchema())
                    .addProperty("detail", new StringSchema())
                    .addProperty("instance", new StringSchema())
                    .addProperty("correlationId", new StringSchema())
                    .addProperty("errors", new ArraySchema().items(new ObjectSchema()
                            .addProperty("field", new StringSchema())
                            .addProperty("code", new StringSchema())
                            .addProperty("message", new StringSchema()))));
            api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                if (!path.startsWith("/api/")) {
                    return;
                }
                ApiResponses responses = operation.getResponses() == null ? new ApiResponses()
                        : operation.getResponses();
                operation.setResponses(responses);
                problem(responses, "400", "unreadable request, invalid input or a missing purpose; errors name "
                        + "the fields");
                problem(responses, "401", "no valid bearer token (WWW-Authenticate: Bearer)");
                if (!path.startsWith("/api/auth/")) {
                    problem(responses, "403", "inside the caller's scope, but the role may not do this");
                }
                // Only what names a union, member or aggregate (in the path or the body) can be out of scope.
                if (!path.startsWith("/api/auth/") && (path.contains("{") || method != PathItem.HttpMethod.GET)) {
                    problem(responses, "404", "no such resource in the caller's subtree (also when it exists "
                            + "outside it)");
                }
                if (method != PathItem.HttpMethod.GET) {
                    problem(responses, "409", "conflicts with the current state");
                    problem(responses, "422", "the Idempotency-Key already answered another request");
                }
                boolean conditional = operation.getParameters() != null && operation.getParameters().stream()
                        .anyMatch(p -> "If-Match".equalsIgnoreCase(p.getName()));
                if (conditional) {
                    problem(responses, "412", "If-Match does not name the current version (a weak tag never "
                            + "does)");
                    problem(responses, "428", "If-Match is missing");
                }
                problem(responses, "503", "the database or the access log is unavailable; retry (a write with the same "
                        + "Idempotency-Key)");
            }));
        };
    }

    private static void problem(ApiResponses responses, String status, String description) {
        if (!responses.containsKey(status)) {
            responses.addApiResponse(status, new ApiResponse().description(description).content(new Content()
                    .addMediaType(Problems.PROBLEM_JSON.toString(), new MediaType()
                            .schema(new Schema<>().$ref("#/components/schemas/Problem")))));
        }
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
