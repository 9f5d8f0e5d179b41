package cn.unioncard.registry.ops.web;

import cn.unioncard.registry.events.audit.DenialKind;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.validation.InvalidInputException;
import cn.unioncard.registry.events.validation.Violation;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which answered problems the problem handler hands on as denied attempts, and of which kind. */
class DeniedAttemptsTest {

    private final List<DenialKind> recorded = new ArrayList<>();
    private final ProblemHandler handler;

    DeniedAttemptsTest() {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("recorder", (RefusalRecorder) (kind, request) -> recorded.add(kind));
        handler = new ProblemHandler(beans.getBeanProvider(RefusalRecorder.class));
    }

    private void answer(Throwable thrown, String query) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/members/m-1");
        if (query != null) {
            request.setQueryString(query);
            request.addParameter("reveal", "true");
        }
        handler.handle(thrown, request);
    }

    @Test
    void the_registrys_own_404_403_and_missing_purpose_are_denials_of_their_kind() {
        answer(RegistryProblem.notFound("member"), null);
        answer(new RuntimeException(new AggregateNotFoundException("m-1", "no such aggregate")), null);
        answer(RegistryProblem.forbidden("不可", "may not"), null);
        answer(RegistryProblem.forbidden("不可", "may not"), "reveal=true");
        answer(new InvalidInputException(List.of(Violation.error("purpose", "purpose.required", "须说明用途",
                "state a purpose"))), "reveal=true");
        assertThat(recorded).containsExactly(DenialKind.OUT_OF_SCOPE, DenialKind.OUT_OF_SCOPE, DenialKind.FORBIDDEN,
                DenialKind.REVEAL_NOT_ALLOWED, DenialKind.PURPOSE_MISSING);
    }

    @Test
    void other_refusals_and_an_unmapped_address_are_no_denials() {
        answer(new InvalidInputException(List.of(Violation.error("name", "required", "必填", "required"))), null);
        answer(RegistryProblem.conflict("冲突", "conflict"), null);
        answer(new NoResourceFoundException(HttpMethod.GET, "/api/nowhere"), null);
        answer(new IllegalStateException("a bug"), null);
        assertThat(recorded).isEmpty();
    }
}
