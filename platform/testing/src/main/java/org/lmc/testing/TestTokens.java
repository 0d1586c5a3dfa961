package org.lmc.testing;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Access tokens shaped like the realm's (roles in {@code realm_access.roles}, audience {@code lmc-api},
 * {@code org_id} / {@code funder_id} claims), signed with the OIDC test server's key.
 */
public final class TestTokens {
    public static final String ISSUER = "https://server.example.com";
    public static final String AUDIENCE = "lmc-api";

    private final String username;
    private Set<String> roles = Set.of();
    private String orgId;
    private String funderId;
    private String email;
    private boolean emailVerified = true;
    private String audience = AUDIENCE;
    private String issuer = ISSUER;
    private Instant expiresAt;
    private Instant notBefore;
    private PrivateKey foreignKey;
    private final Map<String, Object> extraClaims = new java.util.LinkedHashMap<>();

    private TestTokens(String username) {
        this.username = username;
    }

    public static TestTokens user(String username) {
        return new TestTokens(username);
    }

    public static String admin() {
        return user("admin").roles("admin").token();
    }

    public static String agency() {
        return user("agency").roles("agency").token();
    }

    public static String district(String orgId) {
        return user("district-" + orgId).roles("district").orgId(orgId).token();
    }

    public TestTokens roles(String... roles) {
        this.roles = Set.of(roles);
        return this;
    }

    public TestTokens orgId(String orgId) {
        this.orgId = orgId;
        return this;
    }

    public TestTokens funderId(String funderId) {
        this.funderId = funderId;
        return this;
    }

    public TestTokens email(String email) {
        this.email = email;
        return this;
    }

    /** Whether the identity provider vouches for the email (the realm's demo users are verified). */
    public TestTokens emailVerified(boolean verified) {
        this.emailVerified = verified;
        return this;
    }

    /** Any further claim, e.g. {@code email_verified}. */
    public TestTokens claim(String name, Object value) {
        extraClaims.put(name, value);
        return this;
    }

    /** A token for another API (audience check must refuse it). */
    public TestTokens audience(String audience) {
        this.audience = audience;
        return this;
    }

    /** Another issuer than the one the services trust. */
    public TestTokens issuer(String issuer) {
        this.issuer = issuer;
        return this;
    }

    /** The token's {@code exp} (a past one makes an expired token). */
    public TestTokens expiresAt(Instant expiresAt) {
        this.expiresAt = expiresAt;
        return this;
    }

    /** The token's {@code nbf} (a future one makes a token not yet valid). */
    public TestTokens notBefore(Instant notBefore) {
        this.notBefore = notBefore;
        return this;
    }

    /** Signed with this key instead of the OIDC test server's (a forger's key), under the same key id. */
    public TestTokens signedWith(PrivateKey key) {
        this.foreignKey = key;
        return this;
    }

    /** A new RSA key no service trusts. */
    public static PrivateKey foreignKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair().getPrivate();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same claims with {@code "alg": "none"} and no signature: what a forger sends hoping the check is skipped. */
    public String unsignedToken() {
        String claimsJson = claims().jws().keyId("1").sign("privateKey.jwk").split("\\.")[1];
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"1\"}".getBytes(StandardCharsets.UTF_8));
        return header + "." + claimsJson + ".";
    }

    public String token() {
        JwtClaimsBuilder claims = claims();
        if (foreignKey != null) {
            return claims.jws().keyId("1").sign(foreignKey);
        }
        return claims.jws().keyId("1").sign("privateKey.jwk");
    }

    private JwtClaimsBuilder claims() {
        JwtClaimsBuilder claims = Jwt.claims()
                .issuer(issuer)
                .audience(audience)
                .subject(username)
                .preferredUserName(username)
                .claim("realm_access", Map.of("roles", List.copyOf(roles)))
                .claim("email", email != null ? email : username + "@lmc.example.org")
                .claim("email_verified", emailVerified);
        if (orgId != null) {
            claims.claim("org_id", orgId);
        }
        if (funderId != null) {
            claims.claim("funder_id", funderId);
        }
        if (expiresAt != null) {
            claims.expiresAt(expiresAt);
            claims.issuedAt(expiresAt.minusSeconds(300));
        }
        if (notBefore != null) {
            claims.claim("nbf", notBefore.getEpochSecond());
        }
        extraClaims.forEach(claims::claim);
        return claims;
    }
}
