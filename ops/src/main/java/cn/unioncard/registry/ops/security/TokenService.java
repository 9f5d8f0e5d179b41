package cn.unioncard.registry.ops.security;

import cn.unioncard.registry.command.account.TokenVersions;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.ops.RegistryProperties;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Component;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Bearer tokens: HMAC-signed JWTs naming the user, role and organisation, and whether the
 * password must still be changed, and the account's token version. Checking one costs a hash and
 * a primary-key lookup of the current version; a token seen before costs the lookup only (its
 * verified claims are remembered until it expires, see {@link RememberingDecoder}).
 */
@Component
class TokenService {

    static final String ROLE_CLAIM = "role";
    static final String ORGANISATION_CLAIM = "org";
    static final String PASSWORD_CHANGE_CLAIM = "pwc";
    /** The account's token version at issue; a password change or a lock moves the account's on. */
    static final String TOKEN_VERSION_CLAIM = "tv";
    private static final String ISSUER = "union-card-registry";

    record IssuedToken(String accessToken, String tokenType, long expiresIn, boolean passwordChangeRequired) {
    }

    /** Verified tokens remembered at most; a client sends the same token for its whole hour. */
    static final long REMEMBERED_TOKENS = 10_000;

    private final JwtEncoder encoder;
    private final JwtDecoder decoder;
    private final Duration ttl;
    private final TokenVersions versions;

    TokenService(SigningSecret secret, RegistryProperties properties, TokenVersions versions) {
        SecretKey key = new SecretKeySpec(secret.bytes(), "HmacSHA256");
        this.encoder = new NimbusJwtEncoder(new ImmutableSecret<>(key));
        this.decoder = new RememberingDecoder(
                NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build(), REMEMBERED_TOKENS);
        this.versions = versions;
        this.ttl = properties.auth() == null || properties.auth().tokenTtl() == null
                ? Duration.ofHours(1) : properties.auth().tokenTtl();
    }

    /**
     * Whether the token was issued under the account's current version: one primary-key lookup, so
     * a revocation holds at once on every instance. Throws the database's exception when it is down.
     */
    boolean isCurrent(Jwt jwt) {
        // Tokens from before versions existed carry none: version 0, until the first change.
        long issuedUnder = jwt.getClaim(TOKEN_VERSION_CLAIM) instanceof Number n ? n.longValue() : 0;
        OptionalLong now = versions.current(jwt.getSubject());
        return now.isPresent() && now.getAsLong() == issuedUnder;
    }

    IssuedToken issue(String username, Role role, String organisationId, boolean passwordChangeRequired,
                      long tokenVersion) {
        Instant now = Instant.now();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(ISSUER)
                .subject(username)
                .id(UUID.randomUUID().toString())
                .issuedAt(now)
                .expiresAt(now.plus(ttl))
                .claim(ROLE_CLAIM, role.name())
                .claim(ORGANISATION_CLAIM, organisationId == null ? "" : organisationId)
                .claim(PASSWORD_CHANGE_CLAIM, passwordChangeRequired)
                .claim(TOKEN_VERSION_CLAIM, tokenVersion)
                .build();
        String token = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
        return new IssuedToken(token, "Bearer", ttl.toSeconds(), passwordChangeRequired);
    }

    JwtDecoder decoder() {
        return decoder;
    }

    /**
     * Verifies a token's signature and claims once and then remembers the verified claims under the
     * token's exact text until the token expires, so that the same token sent again is not parsed and
     * verified again. Only what the verifier accepted is remembered, keyed by the whole signed text
     * (a token differing in any byte is verified afresh), and never past its expiry: from then on it
     * goes to the verifier again, which refuses it. Revocation is not affected: the token version is
     * checked on every request ({@link #isCurrent}), remembered or not. Bounded; thread-safe.
     */
    static final class RememberingDecoder implements JwtDecoder {

        private final JwtDecoder verifier;
        private final Cache<String, Jwt> verified;

        RememberingDecoder(JwtDecoder verifier, long maximumSize) {
            this.verifier = verifier;
            this.verified = Caffeine.newBuilder().maximumSize(maximumSize).expireAfter(new Expiry<String, Jwt>() {
                @Override
                public long expireAfterCreate(String token, Jwt jwt, long currentTime) {
                    return Math.max(0, Duration.between(Instant.now(), jwt.getExpiresAt()).toNanos());
                }

                @Override
                public long expireAfterUpdate(String token, Jwt jwt, long currentTime, long currentDuration) {
                    return expireAfterCreate(token, jwt, currentTime);
                }

                @Override
                public long expireAfterRead(String token, Jwt jwt, long currentTime, long currentDuration) {
                    return currentDuration;
                }
            }).build();
        }

        @Override
        public Jwt decode(String token) {
            Jwt known = verified.getIfPresent(token);
            if (known != null && Instant.now().isBefore(known.getExpiresAt())) {
                return known;
            }
            Jwt jwt = verifier.decode(token);
            if (jwt.getExpiresAt() != null && Instant.now().isBefore(jwt.getExpiresAt())) {
                verified.put(token, jwt);
            }
            return jwt;
        }
    }
}
