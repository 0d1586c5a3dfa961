package org.lmc.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * A district user tries to become a teammate by email, on the running stack with the real realm (the demo's team:
 * Denver, union leader james.carter@dcta.example.org). The realm refuses the user's own email change; an email set
 * another way, unverified, is refused by registration-service and records nothing.
 */
final class IdentityExperiment {
    private static final String LEADER_EMAIL = "james.carter@dcta.example.org";
    private static final String LOOKALIKE = "district-a-lookalike";

    private final StackConfig config;
    private final Http http = new Http();
    private final KeycloakAdmin keycloak;

    IdentityExperiment(StackConfig config) {
        this.config = config;
        this.keycloak = new KeycloakAdmin(config, http);
    }

    void run(String teamId) throws Exception {
        long started = System.nanoTime();
        KeycloakTokens tokens = new KeycloakTokens(config, http);
        String registration = config.serviceUrl(ServiceDef.REGISTRATION);
        String agency = tokens.agency();
        JsonNode team = http.get(registration + "/api/v1/teams/" + teamId, agency).json();
        String leader = member(team, "UNION_LEADER").path("id").asText();
        String commitment = registration + "/api/v1/teams/" + teamId + "/members/" + leader + "/commitment";

        // 1. district-a, with its own (verified) email, may not commit for the union leader.
        String districtA = tokens.user("district-a");
        assertThat(http.postJson(commitment, districtA, Map.of(), Map.of()).status()).as("district-a commits for the leader").isEqualTo(403);

        // 2. The account API refuses district-a's own change of email to the leader's, and the email stays.
        String account = config.issuer() + "/account";
        JsonNode me = http.get(account, districtA).json();
        assertThat(me.path("email").asText()).isEqualTo("district-a@lmc.example");
        ObjectNode edited = me.deepCopy();
        edited.put("email", LEADER_EMAIL);
        Http.Response edit = http.postJson(account, districtA, edited, Map.of());
        assertThat(edit.status()).as("account API email change: " + edit.brief()).isEqualTo(400);
        assertThat(http.get(account, districtA).json().path("email").asText()).isEqualTo("district-a@lmc.example");
        System.out.println("identity: account API edit refused, at " + (System.nanoTime() - started) / 1_000_000 + " ms");

        // 3. An account of the same organisation whose email is changed to the leader's without verification (as an
        // identity provider might): the realm gives it no new login, and the token it still gets by refresh is refused.
        String admin = masterAdminToken();
        String users = config.keycloakUrl() + "/admin/realms/" + StackConfig.REALM + "/users";
        Map<String, Object> user = Map.of("username", LOOKALIKE, "enabled", true, "email", "lookalike@dps.example.org",
                "emailVerified", true, "firstName", "Lee", "lastName", "Lookalike", "attributes", Map.of("org_id", List.of(DemoPath.ORG_ID)),
                "credentials", List.of(Map.of("type", "password", "value", StackConfig.DEMO_PASSWORD, "temporary", false)));
        assertThat(send("POST", users, admin, Http.JSON.writeValueAsString(user)).statusCode()).isEqualTo(201);
        String userId = Http.JSON.readTree(send("GET", users + "?exact=true&username=" + LOOKALIKE, admin, null).body()).get(0).path("id").asText();
        String district = send("GET", config.keycloakUrl() + "/admin/realms/" + StackConfig.REALM + "/roles/district", admin, null).body();
        assertThat(send("POST", users + "/" + userId + "/role-mappings/realm", admin, "[" + district + "]").statusCode()).isEqualTo(204);
        Http.Response login = http.postForm(config.issuer() + "/protocol/openid-connect/token", Map.of("grant_type", "password",
                "client_id", KeycloakTokens.WEB_CLIENT, "username", LOOKALIKE, "password", StackConfig.DEMO_PASSWORD));
        assertThat(login.status()).as(login.brief()).isEqualTo(200);

        ObjectNode changed = (ObjectNode) Http.JSON.readTree(send("GET", users + "/" + userId, admin, null).body());
        changed.put("email", LEADER_EMAIL);
        changed.put("emailVerified", false);
        assertThat(send("PUT", users + "/" + userId, admin, changed.toString()).statusCode()).isEqualTo(204);
        Http.Response relogin = http.postForm(config.issuer() + "/protocol/openid-connect/token", Map.of("grant_type", "password",
                "client_id", KeycloakTokens.WEB_CLIENT, "username", LOOKALIKE, "password", StackConfig.DEMO_PASSWORD));
        assertThat(relogin.status()).as("login with an unverified email: " + relogin.brief()).isEqualTo(400);

        System.out.println("identity: unverified account set up, at " + (System.nanoTime() - started) / 1_000_000 + " ms");
        Http.Response refreshed = http.postForm(config.issuer() + "/protocol/openid-connect/token", Map.of("grant_type", "refresh_token",
                "client_id", KeycloakTokens.WEB_CLIENT, "refresh_token", login.json().path("refresh_token").asText()));
        assertThat(refreshed.status()).as(refreshed.brief()).isEqualTo(200);
        String unverified = refreshed.json().path("access_token").asText();
        JsonNode claims = Http.claims(unverified);
        assertThat(claims.path("email").asText()).isEqualTo(LEADER_EMAIL);
        assertThat(claims.path("email_verified").asBoolean(true)).isFalse();
        assertThat(claims.path("org_id").asText()).isEqualTo(DemoPath.ORG_ID);

        Http.Response refused = http.postJson(commitment, unverified, Map.of(), Map.of());
        assertThat(refused.status()).as(refused.brief()).isEqualTo(403);
        assertThat(refused.json().path("type").asText()).isEqualTo("urn:lmc:problem:email-not-verified");
        JsonNode after = http.get(registration + "/api/v1/teams/" + teamId, agency).json();
        assertThat(member(after, "UNION_LEADER").path("committedAt").isNull()).as("nothing recorded: " + after).isTrue();
        assertThat(after.path("status").asText()).isEqualTo("REGISTERED");
    }

    private static JsonNode member(JsonNode team, String role) {
        for (JsonNode m : team.path("members")) {
            if (m.path("role").asText().equals(role)) {
                return m;
            }
        }
        throw new AssertionError("no " + role + " in " + team);
    }

    private String masterAdminToken() {
        return keycloak.token();
    }

    private HttpResponse<String> send(String method, String url, String bearer, String json) throws Exception {
        return keycloak.send(method, url, bearer, json);
    }
}
