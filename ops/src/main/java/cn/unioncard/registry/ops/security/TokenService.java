package cn.unioncard.registry.ops.security;

import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.ops.RegistryProperties;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
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
import java.util.UUID;

/**
 * Bearer tokens: HMAC-signed JWTs naming the user, role and organisation, and whether the
 * password must still be changed. Checking one costs a hash, no database round trip.
 */
@Component
class TokenService {

    static final String ROLE_CLAIM = "role";
    static final String ORGANISATION_CLAIM = "org";
    static final String PASSWORD_CHANGE_CLAIM = "pwc";
    private static final String ISSUER = "union-card-registry";

    record IssuedToken(String accessToken, String tokenType, long expiresIn, boolean passwordChangeRequired) {
    }

    private final JwtEncoder encoder;
    private final JwtDecoder decoder;
    private final Duration ttl;

    TokenService(SigningSecret secret, RegistryProperties properties) {
        SecretKey key = new SecretKeySpec(secret.bytes(), "HmacSHA256");
        this.encoder = new NimbusJwtEncoder(new ImmutableSecret<>(key));
        this.decoder = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
        this.ttl = properties.auth() == null || properties.auth().tokenTtl() == null
                ? Duration.ofHours(1) : properties.auth().tokenTtl();
    }

    IssuedToken issue(String username, Role role, String organisationId, boolean passwordChangeRequired) {
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
                .build();
        String token = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
        return new IssuedToken(token, "Bearer", ttl.toSeconds(), passwordChangeRequired);
    }

    JwtDecoder decoder() {
        return decoder;
    }
}
