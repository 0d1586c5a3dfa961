package org.lmc.notification.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.lmc.notification.domain.Delivery;
import org.lmc.notification.repository.DeliveryRepository;
import org.lmc.notification.repository.WebhookRepository;
import org.lmc.web.Cursor;
import org.lmc.web.ProblemException;

/** The delivery log as staff see it, and redelivery. */
@ApplicationScoped
public class Deliveries {
    private final DeliveryRepository repository;
    private final WebhookRepository webhooks;
    private final DeliveryWorker worker;

    Deliveries(DeliveryRepository repository, WebhookRepository webhooks, DeliveryWorker worker) {
        this.repository = repository;
        this.webhooks = webhooks;
        this.worker = worker;
    }

    public List<Delivery> page(Delivery.Status status, String kind, String owner, Cursor after, int limit) {
        return repository.page(status, kind, owner, after, limit);
    }

    /** A delivery the caller may see: any for an administrator ({@code owner} null), else one to its own subscription. */
    public Delivery find(UUID id, String owner) {
        return repository.find(id).filter(d -> owner == null || d.subscriptionId() != null
                && webhooks.find(d.subscriptionId(), owner).isPresent())
                .orElseThrow(() -> ProblemException.notFound("delivery", id));
    }

    public List<DeliveryRepository.Attempt> attempts(UUID id) {
        return repository.attempts(id);
    }

    @Transactional
    public Delivery redeliver(UUID id) {
        Delivery delivery = find(id, null);
        if (!repository.redeliver(id, Instant.now())) {
            throw ProblemException.conflict("not-finished", "delivery " + id + " is " + delivery.status()
                    + ": only a DEAD or DELIVERED delivery can be sent again");
        }
        worker.wakeAfterCommit();
        return repository.find(id).orElseThrow();
    }
}
