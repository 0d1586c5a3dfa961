package org.lmc.local;

import java.util.Map;

/** Access tokens from the local Keycloak, as an agency's system and the demo users get them. */
final class KeycloakTokens {
    static final String AGENCY_CLIENT = "lmc-agency";
    static final String AGENCY_SECRET = "lmc-agency-secret";
    static final String WEB_CLIENT = "lmc-web";

    private final StackConfig config;
    private final Http http;

    KeycloakTokens(StackConfig config, Http http) {
        this.config = config;
        this.http = http;
    }

    /** The agency system's token: client credentials of lmc-agency. */
    String agency() {
        return token(Map.of("grant_type", "client_credentials", "client_id", AGENCY_CLIENT, "client_secret", AGENCY_SECRET),
                "client credentials of " + AGENCY_CLIENT);
    }

    /** A demo user's token: password grant of the browser client (allowed for local use only). */
    String user(String username) {
        return token(Map.of("grant_type", "password", "client_id", WEB_CLIENT, "username", username,
                "password", StackConfig.DEMO_PASSWORD), "password grant of " + WEB_CLIENT + " for " + username);
    }

    private String token(Map<String, String> form, String what) {
        String url = config.issuer() + "/protocol/openid-connect/token";
        Http.Response r = http.postForm(url, form);
        String token = r.json().path("access_token").asText(null);
        if (r.status() != 200 || token == null) {
            throw new DemoFailure("no token from " + url + " (" + what + "): " + r.status() + " " + r.brief());
        }
        return token;
    }
}
