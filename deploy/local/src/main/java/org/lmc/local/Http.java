package org.lmc.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The few HTTP calls the launcher makes, on the JDK's client, with Jackson for JSON. A client made with
 * {@link #retrying(ClientFaults)} behaves as a careful integrator's under faults: it sends a request again, unchanged
 * (the same {@code Idempotency-Key}), after a refused or cut connection, a timeout, a 5xx or a 409 saying the same key is
 * still being processed, until {@link #RETRY_WINDOW} has passed; and it gives up on the requests the fault schedule
 * picks: it sends the whole request, hangs up a few milliseconds later without reading the answer, and sends it again.
 */
public final class Http {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** How long a retrying client keeps trying one request: longer than any outage the fault harness causes. */
    static final Duration RETRY_WINDOW = Duration.ofSeconds(240);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Null for the plain client: a failed connection is a failure at once. */
    private final ClientFaults faults;

    public Http() {
        this(null);
    }

    private Http(ClientFaults faults) {
        this.faults = faults;
    }

    /** A client that retries through faults and reports to {@code faults} (see the class comment). */
    static Http retrying(ClientFaults faults) {
        return new Http(faults);
    }

    /** What a fault run decides and learns about each request of a retrying client. */
    interface ClientFaults {
        /** How long the client waits for the answer to this keyed request before it hangs up, or null to wait as usual. */
        Duration giveUpAfter(HttpRequest request);

        /** The client sent the whole request and hung up {@code after} it, without reading the answer; it sends it again. */
        void gaveUp(HttpRequest request, Duration after);

        /** The request failed with {@code reason} and is sent again. */
        void retrying(HttpRequest request, String reason);

        /** The final answer to the request, after {@code attempts} sends. */
        void answered(HttpRequest request, Response response);
    }

    /** A response: status and body, the body read as JSON on demand; {@code attempts} is how many sends it took. */
    public record Response(int status, String body, int attempts) {
        public Response(int status, String body) {
            this(status, body, 1);
        }

        /** The problem type of a problem+json answer, or "". */
        public String problemType() {
            return json().path("type").asText("");
        }

        public JsonNode json() {
            if (body == null || body.isBlank()) {
                return MissingNode.getInstance();
            }
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                return MissingNode.getInstance();
            }
        }

        /** The body cut to one readable line, for messages. */
        public String brief() {
            String b = body == null ? "" : body.replaceAll("\\s+", " ").trim();
            return b.length() > 300 ? b.substring(0, 300) + "..." : b;
        }
    }

    public Response get(String url, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json").GET();
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return send(b.build());
    }

    public Response delete(String url, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json").DELETE();
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return send(b.build());
    }

    public Response putJson(String url, String bearer, Object body) {
        return sendJson("PUT", url, bearer, body, Map.of());
    }

    public Response putJson(String url, String bearer, Object body, Map<String, String> headers) {
        return sendJson("PUT", url, bearer, body, headers);
    }

    public Response postJson(String url, String bearer, Object body, Map<String, String> headers) {
        return sendJson("POST", url, bearer, body, headers);
    }

    private Response sendJson(String method, String url, String bearer, Object body, Map<String, String> headers) {
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        headers.forEach(b::header);
        return send(b.build(), json);
    }

    public Response postForm(String url, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** 200 from {@code url}, or false (refused, timed out, other status). */
    public boolean isOk(String url) {
        try {
            HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                    .GET().build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Sends the request; a 429 (the services' per-caller write limit) is waited out as its Retry-After says and sent
     * again, as a well-behaved client does: the demo writes as a few callers, faster than one agency would. A retrying
     * client also sends again through faults (see the class comment).
     */
    private Response send(HttpRequest request) {
        return send(request, "");
    }

    private Response send(HttpRequest request, String body) {
        long deadline = System.nanoTime() + RETRY_WINDOW.toNanos();
        Duration giveUpAfter = faults != null && request.headers().firstValue(IDEMPOTENCY_KEY).isPresent()
                ? faults.giveUpAfter(request) : null;
        long backoff = 100;
        int attempts = 0;
        int throttled = 0;
        try {
            // The give-up happens once the request reaches its service (a killed service refuses the connection first).
            while (giveUpAfter != null) {
                attempts++;
                try {
                    sendAndHangUp(request, body, giveUpAfter);
                    faults.gaveUp(request, giveUpAfter);
                    giveUpAfter = null;
                } catch (IOException e) {
                    if (System.nanoTime() > deadline) {
                        throw new DemoFailure(request.method() + " " + request.uri() + " could not be sent in " + attempts + " attempts: " + e);
                    }
                    faults.retrying(request, e.toString());
                    Thread.sleep(backoff);
                    backoff = Math.min(2000, backoff * 2);
                }
            }
            while (true) {
                attempts++;
                String failure;
                try {
                    HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 429 && ++throttled < 30) {
                        long seconds = r.headers().firstValue("Retry-After").map(v -> {
                            try {
                                return Long.parseLong(v.trim());
                            } catch (NumberFormatException e) {
                                return 1L;
                            }
                        }).orElse(1L);
                        Thread.sleep(Math.max(100, Math.min(seconds, 10) * 1000));
                        continue;
                    }
                    Response response = new Response(r.statusCode(), r.body(), attempts);
                    failure = faults == null ? null : retriableStatus(response);
                    if (failure == null || System.nanoTime() > deadline) {
                        if (faults != null) {
                            faults.answered(request, response);
                        }
                        return response;
                    }
                } catch (IOException e) {
                    if (faults == null || System.nanoTime() > deadline) {
                        throw new DemoFailure(request.method() + " " + request.uri() + " failed" + (attempts > 1 ? " after " + attempts
                                + " attempts" : "") + ": " + e);
                    }
                    failure = e.toString();
                }
                faults.retrying(request, failure);
                Thread.sleep(backoff);
                backoff = Math.min(2000, backoff * 2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailure("interrupted during " + request.method() + " " + request.uri());
        }
    }

    /**
     * A client giving up mid-request, as one whose read timed out or whose process died does: the whole request goes out
     * on its own connection (HTTP/1.1, plain, as the local stack serves), and the connection is closed {@code after}
     * later, the answer unread. The JDK's client cannot do this on purpose: its read timeout lands only when the answer
     * is slower than the timeout, which on a fast machine is almost never.
     */
    private static void sendAndHangUp(HttpRequest request, String body, Duration after) throws IOException, InterruptedException {
        URI uri = request.uri();
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(request.method()).append(' ').append(uri.getRawPath())
                .append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
        request.headers().map().forEach((name, values) -> values.forEach(v -> head.append(name).append(": ").append(v).append("\r\n")));
        head.append("Content-Length: ").append(content.length).append("\r\nConnection: close\r\n\r\n");
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            Thread.sleep(after.toMillis());
        }
    }

    /** Why an answer is to be retried by a careful client, or null when it is final. */
    private static String retriableStatus(Response r) {
        if (r.status() == 500 || r.status() == 502 || r.status() == 503 || r.status() == 504) {
            return "status " + r.status();
        }
        if (r.status() == 409 && r.problemType().endsWith("idempotency-key-in-use")) {
            return "the same Idempotency-Key still in flight";
        }
        return null;
    }

    /** The claims of a JWT (payload only; the services verify signatures, this is for showing). */
    public static JsonNode claims(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            throw new DemoFailure("not a JWT: " + jwt);
        }
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException | IllegalArgumentException e) {
            throw new DemoFailure("cannot read JWT claims: " + e.getMessage());
        }
    }
}
