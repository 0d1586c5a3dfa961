package org.lmc.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The production start-up rule over plain maps of settings; the refusal of a real jar is tested in deploy/local. */
class LocalOnlySettingsTest {
    static final Map<String, String> PRODUCTION = Map.of(
            "quarkus.datasource.password", "a-long-generated-secret",
            "quarkus.oidc.auth-server-url", "https://login.example.org/realms/lmc",
            LocalOnlySettings.SWITCHES, "lmc.notification.webhooks.allow-loopback",
            "lmc.notification.webhooks.allow-loopback", "false");

    @Test
    void productionWithItsOwnSecretsStarts() {
        assertThat(violations(PRODUCTION)).isEmpty();
        assertThat(violations(with(PRODUCTION, LocalOnlySettings.DEPLOYMENT, "production"))).isEmpty();
    }

    @Test
    void theDemoPasswordStopsAProductionStart() {
        assertThat(violations(with(PRODUCTION, "quarkus.datasource.password", "postgres")))
                .anySatisfy(v -> assertThat(v).contains("LMC_DB_PASSWORD"));
        assertThat(violations(with(PRODUCTION, "quarkus.datasource.password", "")))
                .anySatisfy(v -> assertThat(v).contains("LMC_DB_PASSWORD"));
    }

    @Test
    void theLocalKeycloakOrAPlainHttpIssuerStopsAProductionStart() {
        assertThat(violations(with(PRODUCTION, "quarkus.oidc.auth-server-url", "http://127.0.0.1:8180/realms/lmc")))
                .anySatisfy(v -> assertThat(v).contains("not HTTPS"));
        assertThat(violations(with(PRODUCTION, "quarkus.oidc.auth-server-url", "https://localhost:8443/realms/lmc")))
                .anySatisfy(v -> assertThat(v).contains("loopback"));
        assertThat(violations(with(PRODUCTION, "quarkus.oidc.auth-server-url", "http://keycloak:8180/realms/lmc")))
                .anySatisfy(v -> assertThat(v).contains("not HTTPS"));
    }

    @Test
    void aServicesLocalOnlySwitchStopsAProductionStart() {
        assertThat(violations(with(PRODUCTION, "lmc.notification.webhooks.allow-loopback", "TRUE")))
                .containsExactly("lmc.notification.webhooks.allow-loopback is on, which is for a developer's machine only",
                        "(set LMC_DEPLOYMENT=local only on a developer's machine)");
    }

    @Test
    void signedInPagesInProductionNeedSecureCookiesAndASharedSessionKey() {
        Map<String, String> desk = with(with(PRODUCTION, "quarkus.oidc.web.tenant-enabled", "true"),
                "quarkus.oidc.web.token-state-manager.encryption-secret", "k".repeat(32));
        assertThat(violations(desk)).isEmpty();
        assertThat(violations(with(desk, "lmc.web.secure-cookies", "false")))
                .anySatisfy(v -> assertThat(v).contains("LMC_SECURE_COOKIES=false"));
        assertThat(violations(with(desk, "quarkus.oidc.web.token-state-manager.encryption-secret", "short")))
                .anySatisfy(v -> assertThat(v).contains("LMC_WEB_SESSION_SECRET"));
        assertThat(violations(with(desk, "quarkus.oidc.web.token-state-manager.encryption-secret", "")))
                .anySatisfy(v -> assertThat(v).contains("LMC_WEB_SESSION_SECRET"));
        // A service without signed-in pages needs neither.
        assertThat(violations(with(PRODUCTION, "lmc.web.secure-cookies", "false"))).isEmpty();
    }

    @Test
    void aLocalDeploymentMayUseTheDemoSettingsAndAnyOtherWordIsRefused() {
        Map<String, String> demo = Map.of("quarkus.datasource.password", "postgres", "quarkus.oidc.auth-server-url",
                "http://127.0.0.1:8180/realms/lmc", LocalOnlySettings.DEPLOYMENT, "local");
        assertThat(violations(demo)).isEmpty();
        assertThat(violations(with(demo, LocalOnlySettings.DEPLOYMENT, "staging")))
                .containsExactly("LMC_DEPLOYMENT is 'staging'; it must be 'production' or 'local'");
    }

    private static List<String> violations(Map<String, String> settings) {
        return LocalOnlySettings.violations(key -> Optional.ofNullable(settings.get(key)));
    }

    private static Map<String, String> with(Map<String, String> settings, String key, String value) {
        Map<String, String> changed = new HashMap<>(settings);
        changed.put(key, value);
        return changed;
    }
}
