package org.lmc.notification.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Instant;
import java.util.concurrent.Executors;
import org.lmc.contracts.EventJson;
import org.lmc.notification.config.NotificationConfig;
import org.lmc.notification.domain.WebhookSignature;
import org.lmc.notification.domain.WebhookSubscription;
import org.lmc.notification.domain.WebhookUrlPolicy;

/**
 * Posts one signed message to a subscription's endpoint (Standard Webhooks headers), without following redirects,
 * within the configured timeout. The URL is checked again before each send: its name may resolve elsewhere now.
 */
@ApplicationScoped
public class WebhookSender {
    private final HttpClient client;
    private final NotificationConfig.Webhooks config;
    private final WebhookUrlPolicy policy;

    WebhookSender(NotificationConfig config) {
        this.config = config.webhooks();
        this.policy = new WebhookUrlPolicy(this.config.allowLoopback());
        this.client = HttpClient.newBuilder().connectTimeout(this.config.timeout()).followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newCachedThreadPool(r -> {
                    Thread t = new Thread(r, "lmc-webhook-http");
                    t.setDaemon(true);
                    return t;
                })).build();
    }

    public WebhookUrlPolicy policy() {
        return policy;
    }

    /** The message body: Standard Webhooks' {@code type}, {@code timestamp} and {@code data}. */
    public static String body(String type, Instant timestamp, ObjectNode data) {
        ObjectNode body = EventJson.MAPPER.createObjectNode();
        body.put("type", type);
        body.put("timestamp", timestamp.toString());
        body.set("data", data);
        return body.toString();
    }

    /** What the endpoint answered. */
    public record Answer(boolean ok, Integer status, String error) {
    }

    public Answer send(WebhookSubscription subscription, String messageId, String body, Instant now) {
        var refusal = policy.refusal(subscription.url());
        if (refusal.isPresent()) {
            return new Answer(false, null, "url " + refusal.get());
        }
        long timestamp = now.getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(subscription.url())).timeout(config.timeout())
                .header("content-type", "application/json")
                .header("webhook-id", messageId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSignature.header(subscription.signingSecrets(now), messageId, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return status >= 200 && status < 300 ? new Answer(true, status, null) : new Answer(false, status, "endpoint answered " + status);
        } catch (HttpTimeoutException e) {
            return new Answer(false, null, "no answer within " + config.timeout().toMillis() + " ms");
        } catch (IOException e) {
            return new Answer(false, null, "could not reach the endpoint: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(false, null, "interrupted");
        }
    }
}
