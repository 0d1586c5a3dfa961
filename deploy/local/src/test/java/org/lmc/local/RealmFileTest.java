package org.lmc.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The realm file's promises, read without Keycloak (the end-to-end test checks them on real tokens). */
class RealmFileTest {
    private final JsonNode realm = read();

    private static JsonNode read() {
        try {
            Path root = Path.of(System.getProperty("lmc.root", "../..")).toAbsolutePath().normalize();
            return new ObjectMapper().readTree(root.resolve("deploy/keycloak/lmc-realm.json").toFile());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void realmAndRoles() {
        assertThat(realm.path("realm").asText()).isEqualTo("lmc");
        assertThat(texts(realm.path("roles").path("realm"), "name"))
                .containsExactlyInAnyOrder("admin", "agency", "district", "funder", "auditor");
    }

    @Test
    void clients() {
        JsonNode web = client("lmc-web");
        assertThat(web.path("publicClient").asBoolean()).isTrue();
        assertThat(web.path("directAccessGrantsEnabled").asBoolean()).isTrue();
        assertThat(web.path("attributes").path("pkce.code.challenge.method").asText()).isEqualTo("S256");
        JsonNode agency = client("lmc-agency");
        assertThat(agency.path("publicClient").asBoolean()).isFalse();
        assertThat(agency.path("serviceAccountsEnabled").asBoolean()).isTrue();
        for (JsonNode c : List.of(web, agency)) {
            assertThat(texts(c.path("protocolMappers"), "protocolMapper")).contains("oidc-audience-mapper");
            assertThat(texts(c.path("protocolMappers"), "name")).contains("org_id", "funder_id");
        }
    }

    @Test
    void demoUsers() {
        Map<String, String> roles = Map.of("admin", "admin", "agency", "agency", "auditor", "auditor",
                "district-a", "district", "district-b", "district", "funder-ford", "funder", "funder-gates", "funder",
                "service-account-lmc-agency", "agency");
        for (var e : roles.entrySet()) {
            JsonNode u = user(e.getKey());
            assertThat(texts(u.path("realmRoles"), null)).as(e.getKey()).contains(e.getValue());
            if (!e.getKey().startsWith("service-account")) {
                assertThat(u.path("emailVerified").asBoolean()).isTrue();
                assertThat(u.path("credentials").get(0).path("value").asText()).isEqualTo("lmc-demo");
                assertThat(u.path("credentials").get(0).path("temporary").asBoolean()).isFalse();
            }
        }
        assertThat(user("district-a").path("attributes").path("org_id").get(0).asText()).isEqualTo("0803360");
        assertThat(user("district-b").path("attributes").path("org_id").get(0).asText()).isEqualTo("2400090");
        assertThat(user("funder-ford").path("attributes").path("funder_id").get(0).asText()).isEqualTo("ford-foundation");
        assertThat(user("funder-gates").path("attributes").path("funder_id").get(0).asText()).isEqualTo("gates-foundation");
    }

    private JsonNode client(String id) {
        for (JsonNode c : realm.path("clients")) {
            if (c.path("clientId").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no client " + id);
    }

    private JsonNode user(String name) {
        for (JsonNode u : realm.path("users")) {
            if (u.path("username").asText().equals(name)) {
                return u;
            }
        }
        throw new AssertionError("no user " + name);
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(field == null ? n.asText() : n.path(field).asText()));
        return out;
    }
}
