package org.lmc.notification.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.lmc.notification.config.NotificationConfig;
import org.lmc.notification.domain.Delivery;
import org.lmc.notification.domain.NotificationKind;
import org.lmc.notification.domain.WebhookSignature;
import org.lmc.notification.domain.WebhookSubscription;
import org.lmc.notification.repository.DeliveryRepository;
import org.lmc.notification.repository.WebhookRepository;
import org.lmc.web.Cursor;
import org.lmc.web.Problem;
import org.lmc.web.ProblemException;

/** Webhook subscriptions: checked URLs, secrets shown once, rotation with an overlap, test messages. */
@ApplicationScoped
public class Webhooks {
    private final WebhookRepository repository;
    private final DeliveryRepository deliveries;
    private final WebhookSender sender;
    private final DeliveryWorker worker;
    private final NotificationConfig.Webhooks config;

    Webhooks(WebhookRepository repository, DeliveryRepository deliveries, WebhookSender sender, DeliveryWorker worker,
            NotificationConfig config) {
        this.repository = repository;
        this.deliveries = deliveries;
        this.sender = sender;
        this.worker = worker;
        this.config = config.webhooks();
    }

    /** Subscribes; every field is checked before anything is written. The returned subscription holds its secret. */
    @Transactional
    public WebhookSubscription subscribe(String owner, String url, List<String> kinds, String orgId, String description) {
        List<Problem.FieldError> errors = new java.util.ArrayList<>();
        sender.policy().refusal(url).ifPresent(reason -> errors.add(new Problem.FieldError("url", reason)));
        for (int i = 0; i < kinds.size(); i++) {
            if (NotificationKind.ofCode(kinds.get(i)).isEmpty()) {
                errors.add(new Problem.FieldError("kinds[" + i + "]", "is not a notification kind; kinds are " + NotificationKind.codes()));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        WebhookSubscription subscription = new WebhookSubscription(UUID.randomUUID(), owner, url, List.copyOf(new java.util.LinkedHashSet<>(kinds)),
                orgId, description, WebhookSignature.newSecret(), null, null, Instant.now());
        repository.insert(subscription);
        return subscription;
    }

    /** The caller's subscription ({@code owner} null: an administrator, any); another's does not exist for it. */
    public WebhookSubscription find(UUID id, String owner) {
        return repository.find(id, owner).orElseThrow(() -> ProblemException.notFound("webhook subscription", id));
    }

    public List<WebhookSubscription> page(String owner, Cursor after, int limit) {
        return repository.page(owner, after, limit);
    }

    @Transactional
    public void delete(UUID id, String owner) {
        repository.delete(find(id, owner).id(), Instant.now());
    }

    /** A new secret; the previous one keeps signing, beside it, for the configured overlap. */
    @Transactional
    public Rotation rotate(UUID id, String owner) {
        WebhookSubscription subscription = find(id, owner);
        String secret = WebhookSignature.newSecret();
        Instant previousUntil = Instant.now().plus(config.secretOverlap());
        repository.rotate(subscription.id(), secret, previousUntil);
        return new Rotation(secret, previousUntil);
    }

    /** A rotated secret, and until when the previous one still signs. */
    public record Rotation(String secret, Instant previousSecretValidUntil) {
    }

    /** Records a test message for the subscription; the worker sends it like any delivery. */
    @Transactional
    public Delivery test(UUID id, String owner) {
        WebhookSubscription subscription = find(id, owner);
        Delivery delivery = Delivery.intent(null, "test_" + UUID.randomUUID(), Delivery.WEBHOOK_TEST, Delivery.WEBHOOK,
                subscription.id().toString(), null, subscription.id(), subscription.orgId(), null, Delivery.Status.PENDING, Instant.now());
        deliveries.insert(delivery);
        worker.wakeAfterCommit();
        return delivery;
    }
}
