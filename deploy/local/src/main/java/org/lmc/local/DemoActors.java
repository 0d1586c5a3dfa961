package org.lmc.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The demo's people and their real Keycloak tokens: the realm's demo users by name, the agency's system by client
 * credentials, and officials and travellers of the demo's teams, whose accounts are made through Keycloak's admin API
 * (district role, the team's {@code org_id}, the member's email, verified) because the services take a person's own
 * verified email as their identity for a seat. Tokens are cached and fetched again well before they expire.
 */
final class DemoActors {
    private static final long REFRESH_AFTER_NANOS = 600_000_000_000L;

    private record Cached(String token, long fetchedAt) {
    }

    private final StackConfig config;
    private final Http http;
    private final KeycloakTokens tokens;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private volatile Cached master;

    DemoActors(StackConfig config, Http http) {
        this.config = config;
        this.http = http;
        this.tokens = new KeycloakTokens(config, http);
    }

    /** A realm user's token (password grant of the browser client, local only). */
    String user(String username) {
        Cached c = cache.get(username);
        if (c == null || System.nanoTime() - c.fetchedAt() > REFRESH_AFTER_NANOS) {
            c = new Cached(tokens.user(username), System.nanoTime());
            cache.put(username, c);
        }
        return c.token();
    }

    /** The agency system's token (client credentials). */
    String agency() {
        Cached c = cache.get("\0agency");
        if (c == null || System.nanoTime() - c.fetchedAt() > REFRESH_AFTER_NANOS) {
            c = new Cached(tokens.agency(), System.nanoTime());
            cache.put("\0agency", c);
        }
        return c.token();
    }

    /**
     * An account for a team member, in the district role of organisation {@code orgId}, with the member's email already
     * verified (an administrator vouches for it, as an identity provider would); its token is returned.
     */
    String member(String username, String email, String name, String orgId) {
        String admin = masterToken();
        String users = config.keycloakUrl() + "/admin/realms/" + StackConfig.REALM + "/users";
        String first = name.contains(" ") ? name.substring(0, name.indexOf(' ')) : name;
        String last = name.contains(" ") ? name.substring(name.indexOf(' ') + 1) : name;
        Map<String, Object> user = Map.of("username", username, "enabled", true, "email", email, "emailVerified", true,
                "firstName", first, "lastName", last, "attributes", Map.of("org_id", List.of(orgId)),
                "credentials", List.of(Map.of("type", "password", "value", StackConfig.DEMO_PASSWORD, "temporary", false)));
        Http.Response created = http.postJson(users, admin, user, Map.of());
        if (created.status() != 201) {
            throw new DemoFailure("Keycloak did not create user " + username + ": " + created.status() + " " + created.brief());
        }
        Http.Response found = http.get(users + "?exact=true&username=" + username, admin);
        String id = found.json().path(0).path("id").asText(null);
        if (id == null) {
            throw new DemoFailure("Keycloak does not find the user it created, " + username + ": " + found.brief());
        }
        JsonNode district = http.get(config.keycloakUrl() + "/admin/realms/" + StackConfig.REALM + "/roles/district", admin).json();
        Http.Response mapped = http.postJson(users + "/" + id + "/role-mappings/realm", admin, List.of(district), Map.of());
        if (mapped.status() != 204) {
            throw new DemoFailure("Keycloak did not give " + username + " the district role: " + mapped.status() + " " + mapped.brief());
        }
        return user(username);
    }

    private String masterToken() {
        Cached c = master;
        if (c == null || System.nanoTime() - c.fetchedAt() > 30_000_000_000L) {
            Http.Response r = http.postForm(config.keycloakUrl() + "/realms/master/protocol/openid-connect/token", Map.of(
                    "grant_type", "password", "client_id", "admin-cli", "username", StackConfig.KEYCLOAK_ADMIN,
                    "password", StackConfig.KEYCLOAK_ADMIN_PASSWORD));
            String token = r.json().path("access_token").asText(null);
            if (r.status() != 200 || token == null) {
                throw new DemoFailure("no Keycloak admin token: " + r.status() + " " + r.brief());
            }
            c = new Cached(token, System.nanoTime());
            master = c;
        }
        return c.token();
    }
}
