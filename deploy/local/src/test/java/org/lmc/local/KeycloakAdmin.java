package org.lmc.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Keycloak's admin API as the end-to-end checks use it: the master realm's admin token and plain JSON calls. */
final class KeycloakAdmin {
    private final StackConfig config;
    private final Http http;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    KeycloakAdmin(StackConfig config, Http http) {
        this.config = config;
        this.http = http;
    }

    /** A token of the master realm's admin (local only). */
    String token() {
        Http.Response r = http.postForm(config.keycloakUrl() + "/realms/master/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", "admin-cli", "username", StackConfig.KEYCLOAK_ADMIN,
                "password", StackConfig.KEYCLOAK_ADMIN_PASSWORD));
        assertThat(r.status()).as(r.brief()).isEqualTo(200);
        return r.json().path("access_token").asText();
    }

    /** The realm's users endpoint, e.g. {@code users() + "/" + id + "/role-mappings/realm"}. */
    String users() {
        return config.keycloakUrl() + "/admin/realms/" + StackConfig.REALM + "/users";
    }

    /** A call with any method and an optional JSON body (Keycloak removes role mappings by DELETE with a body). */
    HttpResponse<String> send(String method, String url, String bearer, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + bearer).header("Accept", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
