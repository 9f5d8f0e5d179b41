package cn.unioncard.registry.ops.idempotency;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request's Idempotency-Key goes on the request's first command, and only on that one, whatever
 * else is on the worker thread: a unit of work an earlier failure left there must not strip the
 * key (the retry would then reach "already a member" instead of its first answer).
 */
class IdempotencyDispatchInterceptorTest {

    private final IdempotencyDispatchInterceptor interceptor = new IdempotencyDispatchInterceptor();

    @AfterEach
    void clear() {
        RequestContextHolder.resetRequestAttributes();
    }

    @Test
    void theKeyGoesOnTheFirstCommandEvenWithAUnitOfWorkLeftOnTheThread() {
        keyedRequest();
        UnitOfWork<?> leftOver = DefaultUnitOfWork.startAndGet(new GenericMessage<>("an earlier command"));
        try {
            CommandMessage<?> sent = dispatch("register");
            assertThat(sent.getMetaData()).containsEntry(IdempotencyDispatchInterceptor.KEY, "key-1")
                    .containsKey(IdempotencyDispatchInterceptor.FINGERPRINT);
        } finally {
            leftOver.rollback();
        }
    }

    @Test
    void aSecondCommandOfTheSameRequestGetsNoKey() {
        keyedRequest();
        assertThat(dispatch("register union").getMetaData()).containsKey(IdempotencyDispatchInterceptor.KEY);
        assertThat(dispatch("create its operator account").getMetaData())
                .doesNotContainKey(IdempotencyDispatchInterceptor.KEY);
    }

    @Test
    void withoutARequestNothingIsAdded() {
        assertThat(dispatch("bootstrap").getMetaData()).isEmpty();
    }

    private static void keyedRequest() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/unions");
        request.setAttribute(IdempotencyKeyFilter.KEY, "key-1");
        request.setAttribute(IdempotencyKeyFilter.FINGERPRINT, new byte[] {1, 2, 3});
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
    }

    private CommandMessage<?> dispatch(String payload) {
        CommandMessage<?> command = GenericCommandMessage.asCommandMessage(payload);
        return interceptor.handle(List.of(command)).apply(0, command);
    }
}
