package cn.unioncard.registry.events.validation;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PagingTest {

    static List<String> codes(Runnable check) {
        InvalidInputException e = catchThrowableOfType(check::run, InvalidInputException.class);
        return e == null ? List.of() : e.violations().stream().map(v -> v.field() + ":" + v.code()).toList();
    }

    @Test
    void aCursorTheListGaveIsTakenWithTheFirstPageOnly() {
        String cursor = UUID.randomUUID().toString();
        assertThatCode(() -> Paging.check(0, 20, 200, cursor)).doesNotThrowAnyException();
        assertThatCode(() -> Paging.check(3, 20, 200, null)).doesNotThrowAnyException();
        assertThat(codes(() -> Paging.check(1, 20, 200, cursor))).containsExactly("page:page.with-cursor");
    }

    @Test
    void aCursorThatIsNoMembersIdIsRefusedNamingAfterWithEveryOtherFault() {
        for (String bad : Arrays.asList("", "王芳", "1", UUID.randomUUID() + "x", "' or 1=1 --",
                UUID.randomUUID().toString().replace('-', '_'))) {
            assertThat(codes(() -> Paging.check(0, 20, 200, bad))).as(bad).containsExactly("after:after.malformed");
        }
        assertThat(codes(() -> Paging.check(2, 0, 200, "x"))).containsExactly("page:page.with-cursor",
                "size:size.range", "after:after.malformed");
    }
}
