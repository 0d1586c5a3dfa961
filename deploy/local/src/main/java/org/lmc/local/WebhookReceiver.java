package org.lmc.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An agency's webhook endpoint on loopback for the demo: subscribed through the notification API, it keeps every
 * message with whether its Standard Webhooks signature ({@code v1,} HMAC-SHA256 of {@code id.timestamp.body}) checks
 * out with the subscription's secret, and answers 204.
 */
final class WebhookReceiver {
    static final List<String> KINDS = List.of("TEAM_CONFIRMED", "TEAM_PROMOTED", "PLAN_PUBLISHED", "PAYMENT_MADE");

    /** One message as received; {@code signed}: its signature checks out with the subscription's secret. */
    record Message(String webhookId, String type, String teamId, boolean signed) {
    }

    /**
     * A message with what its signature covers. The signature is checked when the messages are read, not on arrival: a
     * message can arrive before the subscription's answer has told the secret (another round's events, sent as soon
     * as the subscription commits), and would otherwise count as badly signed.
     */
    private record Received(String webhookId, String timestamp, String signatures, byte[] body, String type, String teamId) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final List<Received> messages = new ArrayList<>();
    private volatile byte[] key;
    private volatile String subscriptionId;

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    static WebhookReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            WebhookReceiver receiver = new WebhookReceiver(server);
            server.createContext("/hooks", exchange -> {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                receiver.receive(exchange.getRequestHeaders().getFirst("webhook-id"),
                        exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                        exchange.getRequestHeaders().getFirst("webhook-signature"), body);
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.setExecutor(receiver.executor);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new DemoFailure("cannot start the demo's webhook receiver: " + e);
        }
    }

    /** The agency subscribes this receiver to the kinds above, for every organisation. */
    void subscribe(Http http, String notificationUrl, String agencyToken, String description) {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
        Http.Response r = http.postJson(notificationUrl + "/api/v1/webhooks", agencyToken,
                Map.of("url", url, "kinds", KINDS, "description", description), Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        if (r.status() != 201) {
            throw new DemoFailure("the agency could not subscribe a webhook: " + r.status() + " " + r.brief());
        }
        String secret = r.json().path("secret").asText();
        key = Base64.getDecoder().decode(secret.substring(secret.indexOf('_') + 1));
        subscriptionId = r.json().path("id").asText();
    }

    String subscriptionId() {
        return subscriptionId;
    }

    synchronized List<Message> messages() {
        return messages.stream().map(m -> new Message(m.webhookId(), m.type(), m.teamId(), signed(m))).toList();
    }

    private void receive(String id, String timestamp, String signatures, byte[] body) {
        JsonNode json;
        try {
            json = Http.JSON.readTree(body);
        } catch (IOException e) {
            json = Http.JSON.createObjectNode();
        }
        JsonNode team = json.path("data").findValue("teamId");
        synchronized (this) {
            messages.add(new Received(id, timestamp, signatures, body, json.path("type").asText(), team == null ? null : team.asText()));
        }
    }

    private boolean signed(Received m) {
        byte[] secret = key;
        if (secret == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((m.webhookId() + "." + m.timestamp() + ".").getBytes(StandardCharsets.UTF_8));
            String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(m.body()));
            for (String s : (m.signatures() == null ? "" : m.signatures()).split(" ")) {
                if (s.equals(expected)) {
                    return true;
                }
            }
            return false;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** Unsubscribes (so nothing is sent to a closed port later) and stops. */
    void close(Http http, String notificationUrl, String agencyToken) {
        try {
            if (subscriptionId != null) {
                http.delete(notificationUrl + "/api/v1/webhooks/" + subscriptionId, agencyToken);
            }
        } finally {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
