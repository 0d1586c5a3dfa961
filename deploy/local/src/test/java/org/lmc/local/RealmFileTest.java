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
        // Keycloak matches a plain-HTTP loopback redirect registered without a port at any port (RFC 8252, 7.3): signed-in
        // pages of a stack on free ports (the end-to-end test's) return from the login.
        assertThat(texts(web.path("redirectUris"), null)).contains("http://127.0.0.1/*", "http://localhost/*");
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
        Map<String, String> roles = Map.ofEntries(Map.entry("admin", "admin"), Map.entry("admin-b", "admin"),
                Map.entry("agency", "agency"), Map.entry("auditor", "auditor"), Map.entry("district-a", "district"),
                Map.entry("district-b", "district"), Map.entry("funder-ford", "funder"), Map.entry("funder-gates", "funder"),
                Map.entry("funder-ge", "funder"), Map.entry("funder-ed", "funder"), Map.entry("service-account-lmc-agency", "agency"));
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
        assertThat(user("funder-ge").path("attributes").path("funder_id").get(0).asText()).isEqualTo("ge-foundation");
        assertThat(user("funder-ed").path("attributes").path("funder_id").get(0).asText()).isEqualTo("us-department-of-education");
    }

    @Test
    void usersCannotEditTheClaimsThePlatformTrusts() throws Exception {
        // An email is an identity only when verified; a user never sets their own email, organisation or funder.
        assertThat(realm.path("verifyEmail").asBoolean()).isTrue();
        assertThat(realm.path("registrationAllowed").asBoolean()).isFalse();
        assertThat(realm.path("editUsernameAllowed").asBoolean()).isFalse();
        JsonNode profile = new ObjectMapper().readTree(realm.path("components").path("org.keycloak.userprofile.UserProfileProvider")
                .get(0).path("config").path("kc.user.profile.config").get(0).asText());
        for (String trusted : List.of("username", "email", "org_id", "funder_id")) {
            JsonNode attribute = null;
            for (JsonNode a : profile.path("attributes")) {
                if (a.path("name").asText().equals(trusted)) {
                    attribute = a;
                }
            }
            assertThat(attribute).as(trusted).isNotNull();
            assertThat(texts(attribute.path("permissions").path("edit"), null)).as(trusted + " editable by").containsExactly("admin");
        }
        assertThat(profile.path("unmanagedAttributePolicy").asText()).as("attributes the profile does not declare")
                .isIn("ADMIN_EDIT", "ADMIN_VIEW");
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
