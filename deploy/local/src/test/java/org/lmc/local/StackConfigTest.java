package org.lmc.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackConfigTest {
    private final Path root = Path.of("/project");

    @Test
    void defaultsAreTheDocumentedPorts() {
        StackConfig c = StackConfig.fromEnvironment(root, Map.of());
        assertThat(c.postgresPort()).isEqualTo(55432);
        assertThat(c.kafkaPort()).isEqualTo(9092);
        assertThat(c.smtpPort()).isEqualTo(2525);
        assertThat(c.keycloakPort()).isEqualTo(8180);
        assertThat(c.port(ServiceDef.REGISTRATION)).isEqualTo(8081);
        assertThat(c.port(ServiceDef.PLAN)).isEqualTo(8082);
        assertThat(c.port(ServiceDef.FUNDING)).isEqualTo(8083);
        assertThat(c.port(ServiceDef.NOTIFICATION)).isEqualTo(8084);
        assertThat(c.issuer()).isEqualTo("http://127.0.0.1:8180/realms/lmc");
        assertThat(c.stateDir()).isEqualTo(root.resolve(".lmc"));
        assertThat(c.services()).containsExactly(ServiceDef.values());
    }

    @Test
    void everyPortComesFromItsVariable() {
        StackConfig c = StackConfig.fromEnvironment(root, Map.of("LMC_POSTGRES_PORT", "6543", "LMC_KAFKA_PORT", "19092",
                "LMC_SMTP_PORT", "3025", "LMC_KEYCLOAK_PORT", "18180", "LMC_REGISTRATION_PORT", "9081",
                "LMC_PLAN_PORT", "9082", "LMC_FUNDING_PORT", "9083", "LMC_NOTIFICATION_PORT", "9084"));
        assertThat(c.portUses()).extracting(StackConfig.PortUse::port)
                .containsExactly(6543, 19092, 3025, 18180, 9081, 9082, 9083, 9084);
        assertThat(c.issuer()).isEqualTo("http://127.0.0.1:18180/realms/lmc");
    }

    @Test
    void aBadPortIsAClearError() {
        assertThatThrownBy(() -> StackConfig.fromEnvironment(root, Map.of("LMC_KAFKA_PORT", "ninety")))
                .isInstanceOf(StackConfig.ConfigException.class)
                .hasMessage("LMC_KAFKA_PORT must be a number from 1 to 65535, not 'ninety'");
        assertThatThrownBy(() -> StackConfig.fromEnvironment(root, Map.of("LMC_PLAN_PORT", "70000")))
                .isInstanceOf(StackConfig.ConfigException.class);
    }

    @Test
    void servicesCanBeChosen() {
        StackConfig c = StackConfig.fromEnvironment(root, Map.of("LMC_SERVICES", "registration, notification"));
        assertThat(c.services()).containsExactly(ServiceDef.REGISTRATION, ServiceDef.NOTIFICATION);
        assertThatThrownBy(() -> StackConfig.fromEnvironment(root, Map.of("LMC_SERVICES", "billing")))
                .isInstanceOf(StackConfig.ConfigException.class).hasMessageContaining("billing");
    }

    @Test
    void freePortsAreDistinct() {
        StackConfig c = StackConfig.onFreePorts(root, Path.of("/tmp/x"), Map.of());
        assertThat(c.portUses()).extracting(StackConfig.PortUse::port).doesNotHaveDuplicates();
    }
}
