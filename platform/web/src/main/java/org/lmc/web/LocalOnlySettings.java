package org.lmc.web;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A service deployed for production ({@code LMC_DEPLOYMENT=production}, the default when nothing says otherwise) refuses
 * to start with a setting that is only safe on a developer's machine: the demo database password, an OIDC issuer on
 * loopback or over plain HTTP, signed-in pages without Secure cookies or without a shared session key, or one of the
 * service's own local-only switches ({@code lmc.deployment.local-only-switches}) turned on. Refusing at start is the point: a forgotten demo secret found by an attacker is found too late. The local
 * stack, docker-compose and the tests declare {@code LMC_DEPLOYMENT=local}.
 */
@ApplicationScoped
public class LocalOnlySettings {
    public static final String DEPLOYMENT = "lmc.deployment";
    public static final String SWITCHES = "lmc.deployment.local-only-switches";
    /** The local stack's and docker-compose's database password, and the usual suspects. */
    static final Set<String> DEMO_PASSWORDS = Set.of("", "postgres", "password", "admin", "changeme", "secret");
    /** quarkus-oidc's minimum for the session cookie's encryption key and the PKCE state's signing key. */
    static final int MIN_SESSION_SECRET = 32;
    static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1", "0.0.0.0");

    // Before anything else that observes start-up (the outbox relay, the consumers): nothing runs with demo settings.
    void refuseDemoSettingsInProduction(@Observes @Priority(1) StartupEvent event) {
        Config config = ConfigProvider.getConfig();
        List<String> violations = violations(key -> config.getOptionalValue(key, String.class));
        if (!violations.isEmpty()) {
            throw new IllegalStateException("Refusing to start: " + String.join("; ", violations));
        }
    }

    /** What stops a start, given the configuration's values by key; empty when the service may start. */
    public static List<String> violations(Function<String, Optional<String>> setting) {
        String deployment = setting.apply(DEPLOYMENT).orElse("production").trim().toLowerCase(Locale.ROOT);
        if (deployment.equals("local")) {
            return List.of();
        }
        if (!deployment.equals("production")) {
            return List.of("LMC_DEPLOYMENT is '" + deployment + "'; it must be 'production' or 'local'");
        }
        List<String> violations = new ArrayList<>();
        String password = setting.apply("quarkus.datasource.password").orElse("");
        if (DEMO_PASSWORDS.contains(password.trim().toLowerCase(Locale.ROOT))) {
            violations.add("the database password (LMC_DB_PASSWORD) is a demo value; production reads it from a secret");
        }
        String issuer = setting.apply("quarkus.oidc.auth-server-url").orElse("");
        issuerProblem(issuer).ifPresent(violations::add);
        if (setting.apply("quarkus.oidc.web.tenant-enabled").map(v -> v.trim().equalsIgnoreCase("true")).orElse(false)) {
            signedInPagesProblems(setting, violations);
        }
        for (String key : setting.apply(SWITCHES).orElse("").split(",")) {
            if (!key.isBlank() && setting.apply(key.trim()).map(v -> v.trim().equalsIgnoreCase("true")).orElse(false)) {
                violations.add(key.trim() + " is on, which is for a developer's machine only");
            }
        }
        if (!violations.isEmpty()) {
            violations.add("(set LMC_DEPLOYMENT=local only on a developer's machine)");
        }
        return violations;
    }

    /**
     * A service with signed-in pages: its cookies must be Secure (the local stack's plain HTTP turns that off), and its
     * replicas must share one session key, or a restart signs everyone out and each replica refuses the others' cookies.
     */
    private static void signedInPagesProblems(Function<String, Optional<String>> setting, List<String> violations) {
        if (setting.apply("lmc.web.secure-cookies").map(v -> v.trim().equalsIgnoreCase("false")).orElse(false)) {
            violations.add("the signed-in pages' cookies are not Secure (LMC_SECURE_COOKIES=false): a browser would send the"
                    + " session over plain HTTP");
        }
        if (setting.apply("quarkus.oidc.web.token-state-manager.encryption-secret").orElse("").trim().length() < MIN_SESSION_SECRET) {
            violations.add("the signed-in pages' session key (LMC_WEB_SESSION_SECRET) is unset or shorter than "
                    + MIN_SESSION_SECRET + " characters; production reads one key from a secret for every replica");
        }
    }

    private static Optional<String> issuerProblem(String issuer) {
        URI uri;
        try {
            uri = URI.create(issuer.trim());
        } catch (IllegalArgumentException e) {
            return Optional.of("the OIDC issuer (LMC_OIDC_URL) '" + issuer + "' is not a URL");
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            return Optional.of("the OIDC issuer (LMC_OIDC_URL) " + issuer + " is not HTTPS");
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (LOOPBACK_HOSTS.contains(host) || host.startsWith("127.")) {
            return Optional.of("the OIDC issuer (LMC_OIDC_URL) " + issuer + " is on loopback: the local stack's Keycloak");
        }
        return Optional.empty();
    }
}
