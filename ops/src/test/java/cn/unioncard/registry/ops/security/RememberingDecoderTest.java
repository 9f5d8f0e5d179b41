package cn.unioncard.registry.ops.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A token already verified is served from memory until it expires; anything else (another text, a
 * refused token, one past its expiry) goes to the verifier, so nothing is accepted that the verifier
 * would refuse.
 */
class RememberingDecoderTest {

    private final List<String> verified = new ArrayList<>();
    private Instant expiry = Instant.now().plusSeconds(3600);

    private final JwtDecoder verifier = token -> {
        verified.add(token);
        if (token.startsWith("bad")) {
            throw new BadJwtException("refused");
        }
        return Jwt.withTokenValue(token).header("alg", "HS256").subject("admin")
                .issuedAt(expiry.minusSeconds(3600)).expiresAt(expiry).build();
    };

    @Test
    void aVerifiedTokenIsVerifiedOnceUntilItExpires() {
        TokenService.RememberingDecoder decoder = new TokenService.RememberingDecoder(verifier, 100);

        Jwt first = decoder.decode("a.b.c");
        Jwt again = decoder.decode("a.b.c");

        assertThat(again).isSameAs(first);
        assertThat(verified).containsExactly("a.b.c");
        decoder.decode("a.b.d");
        assertThat(verified).as("a token differing in any byte is verified afresh").containsExactly("a.b.c", "a.b.d");
    }

    @Test
    void aRefusedTokenIsRefusedEveryTime() {
        TokenService.RememberingDecoder decoder = new TokenService.RememberingDecoder(verifier, 100);

        assertThatThrownBy(() -> decoder.decode("bad.b.c")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("bad.b.c")).isInstanceOf(BadJwtException.class);

        assertThat(verified).containsExactly("bad.b.c", "bad.b.c");
    }

    @Test
    void anExpiredTokenIsNeverServedFromMemory() {
        TokenService.RememberingDecoder decoder = new TokenService.RememberingDecoder(verifier, 100);
        expiry = Instant.now().minusSeconds(1); // as the verifier's clock skew still allows

        decoder.decode("a.b.c");
        decoder.decode("a.b.c");

        assertThat(verified).containsExactly("a.b.c", "a.b.c");
    }
}
