package cn.unioncard.registry.command.rest;

import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.validation.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** If-Match under RFC 9110's strong comparison: only a quoted, strong tag names a version. */
class EntityVersionsTest {

    @Test
    void aStrongTagNamesItsVersionAndRoundTripsWithTheETag() {
        assertThat(EntityVersions.parseIfMatch(EntityVersions.etag(7))).isEqualTo(7L);
        assertThat(EntityVersions.parseIfMatch(" \"0\" ")).isZero();
    }

    @Test
    void aStarMeansAnyCurrentVersion() {
        assertThat(EntityVersions.parseIfMatch("*")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"W/\"0\"", "W/\"3\"", "\"abc\"", "W/\"1\", W/\"2\"", "\"99999999999999999999\"", "\"-1\""})
    void aWeakOrForeignTagNeverMatches(String header) {
        assertThatThrownBy(() -> EntityVersions.parseIfMatch(header))
                .isInstanceOfSatisfying(RegistryProblem.class,
                        p -> assertThat(p.kind()).isEqualTo(RegistryProblem.Kind.PRECONDITION_FAILED));
    }

    @Test
    void aWeakTagBesideAStrongOneIsIgnored() {
        assertThat(EntityVersions.parseIfMatch("W/\"1\", \"2\"")).isEqualTo(2L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "3", "", " ", "\"3", "'3'", "W/3", "*, \"1\"", "\"1\",", "\"a\"b\"", "\"1\" \"2\""})
    void aHeaderThatIsNotAListOfEntityTagsIsMalformedAndNamed(String header) {
        assertThatThrownBy(() -> EntityVersions.parseIfMatch(header))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.violations()).extracting(v -> v.field()).containsExactly("If-Match"));
    }

    @Test
    void severalStrongVersionsAreRefusedAndNamed() {
        assertThatThrownBy(() -> EntityVersions.parseIfMatch("\"1\", \"2\""))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.violations()).extracting(v -> v.code()).containsExactly("if-match.one-version"));
    }

    @Test
    void noHeaderAtAllIsPreconditionRequired() {
        assertThatThrownBy(() -> EntityVersions.parseIfMatch(null))
                .isInstanceOfSatisfying(RegistryProblem.class,
                        p -> assertThat(p.kind()).isEqualTo(RegistryProblem.Kind.PRECONDITION_REQUIRED));
    }
}
