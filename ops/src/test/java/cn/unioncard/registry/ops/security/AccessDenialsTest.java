package cn.unioncard.registry.ops.security;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.audit.AccessDenied;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.audit.DenialKind;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.SimpleEventBus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.servlet.HandlerMapping;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** The recorder of refusals: what an AccessDenied names, and that a refusal goes out when it cannot be stored. */
class AccessDenialsTest {

    private final SimpleEventBus bus = SimpleEventBus.builder().build();
    private final List<EventMessage<?>> published = new ArrayList<>();

    @AfterEach
    void clear() {
        CurrentActor.clear();
    }

    private MockHttpServletRequest request() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/unions/u-42");
        request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/api/unions/{id}");
        return request;
    }

    @Test
    void a_refusal_names_the_path_template_and_the_actor_never_the_path() {
        bus.subscribe(published::addAll);
        CurrentActor.set(new Actor("op", Role.UNION_OPERATOR, "g-1", "10.0.0.7", "corr-1", null));
        new AccessDenials(bus).refused(DenialKind.OUT_OF_SCOPE, request());

        assertThat(published).singleElement().satisfies(m -> {
            AccessDenied denied = (AccessDenied) m.getPayload();
            assertThat(denied.kind()).isEqualTo(DenialKind.OUT_OF_SCOPE);
            assertThat(denied.method()).isEqualTo("GET");
            assertThat(denied.endpoint()).isEqualTo("GET /api/unions/{id}").doesNotContain("u-42");
            assertThat(denied.attemptedUserKey()).isNull();
            assertThat(m.getMetaData()).containsEntry(AuditMetadata.USER, "op")
                    .containsEntry(AuditMetadata.CLIENT_ADDRESS, "10.0.0.7");
        });
    }

    @Test
    void without_a_signed_in_actor_or_a_matched_endpoint_nothing_is_recorded() {
        bus.subscribe(published::addAll);
        new AccessDenials(bus).refused(DenialKind.FORBIDDEN, request());
        CurrentActor.set(new Actor("op", Role.UNION_OPERATOR, "g-1", "10.0.0.7", "corr-1", null));
        new AccessDenials(bus).refused(DenialKind.FORBIDDEN, new MockHttpServletRequest("GET", "/nowhere"));
        assertThat(published).isEmpty();
    }

    @Test
    void a_denial_that_cannot_be_stored_does_not_stop_the_refusal() {
        bus.registerDispatchInterceptor(messages -> {
            throw new IllegalStateException("the event store is down");
        });
        CurrentActor.set(new Actor("op", Role.UNION_OPERATOR, "g-1", "10.0.0.7", "corr-1", null));
        assertThatCode(() -> new AccessDenials(bus).refused(DenialKind.FORBIDDEN, request())).doesNotThrowAnyException();
    }
}
