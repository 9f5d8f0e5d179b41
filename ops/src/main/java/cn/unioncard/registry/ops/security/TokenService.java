package cn.unioncard.registry.ops.security;

import cn.unioncard.registry.command.account.TokenVersions;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.ops.RegistryProperties;
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
 * a primary-key lookup of the current version.
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

    private final JwtEncoder encoder;
    private final JwtDecoder decoder;
    private final Duration ttl;
    private final TokenVersions versions;

    TokenService(SigningSecret secret, RegistryProperties properties, TokenVersions versions) {
        SecretKey key = new SecretKeySpec(secret.bytes(), "HmacSHA256");
        this.encoder = new NimbusJwtEncoder(new ImmutableSecret<>(key));
        this.decoder = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
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
}
