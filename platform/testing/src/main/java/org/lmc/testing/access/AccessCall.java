package org.lmc.testing.access;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request of the walk: an operation tried by one caller. A service's test prepares it (a fresh object to act on, a
 * body, a query, an If-Match) before it is sent; path parameters come from the walk's ids unless set here.
 */
public final class AccessCall {
    private final String method;
    private final String path;
    private final MatrixCaller caller;
    private final Map<String, String> params;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String body;
    private String query;

    AccessCall(String method, String path, MatrixCaller caller, Map<String, String> ids) {
        this.method = method;
        this.path = path;
        this.caller = caller;
        this.params = new LinkedHashMap<>(ids);
    }

    public String method() {
        return method;
    }

    /** The path template, e.g. {@code /api/v1/teams/{team}}. */
    public String path() {
        return path;
    }

    public String operation() {
        return method + " " + path;
    }

    public MatrixCaller caller() {
        return caller;
    }

    /** A path parameter's value for this call. */
    public String param(String name) {
        return params.get(name);
    }

    public AccessCall param(String name, Object value) {
        params.put(name, String.valueOf(value));
        return this;
    }

    public AccessCall body(String json) {
        this.body = json;
        return this;
    }

    /** The query string without the '?', e.g. {@code team=...&limit=5}. */
    public AccessCall query(String query) {
        this.query = query;
        return this;
    }

    public AccessCall header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    String body() {
        return body;
    }

    Map<String, String> headers() {
        return headers;
    }

    /** The target, URL-encoded, with one path parameter replaced by {@code value}. */
    String targetWith(String parameter, String value) {
        return fill(Map.of(parameter, encode(value))) + (query == null ? "" : "?" + query);
    }

    /** The target, URL-encoded, with one query parameter set to {@code value} (added, or replacing the prepared one). */
    String targetWithQuery(String parameter, String value) {
        StringBuilder q = new StringBuilder();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (!pair.isEmpty() && !pair.equals(parameter) && !pair.startsWith(parameter + "=")) {
                    q.append(pair).append('&');
                }
            }
        }
        q.append(encode(parameter)).append('=').append(encode(value));
        return fill(Map.of()) + "?" + q;
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The request target with every path parameter filled in. */
    String target() {
        return query == null ? fill(Map.of()) : fill(Map.of()) + "?" + query;
    }

    private String fill(Map<String, String> overrides) {
        String target = path;
        for (int open = target.indexOf('{'); open >= 0; open = target.indexOf('{')) {
            int close = target.indexOf('}', open);
            String name = target.substring(open + 1, close);
            String value = overrides.getOrDefault(name, params.get(name));
            if (value == null) {
                throw new IllegalStateException("no id for {" + name + "} of " + operation() + ": give it to the walk with id(\"" + name + "\", ...)");
            }
            target = target.substring(0, open) + value + target.substring(close + 1);
        }
        return target;
    }
}
