package org.lmc.notification.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.lmc.notification.domain.Delivery;
import org.lmc.notification.repository.DeliveryRepository;

/**
 * The daily digest: routine notifications a person chose to get once a day are gathered, per mailbox, into one
 * digest delivery that the worker sends like any email (with the same retries); its items are marked delivered
 * with it.
 */
@ApplicationScoped
public class Digests {
    private static final Logger LOG = Logger.getLogger(Digests.class);

    private final DeliveryRepository deliveries;
    private final DeliveryWorker worker;

    Digests(DeliveryRepository deliveries, DeliveryWorker worker) {
        this.deliveries = deliveries;
        this.worker = worker;
    }

    @Scheduled(cron = "{lmc.notification.digest.cron}", identity = "daily-digest", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void daily() {
        int digests = gather();
        LOG.infof("daily digest: %d mailbox(es)", digests);
    }

    /** Gathers every waiting item into one digest per mailbox; returns the number of digests recorded. */
    public int gather() {
        int digests = 0;
        for (DeliveryRepository.DigestRecipient recipient : deliveries.digestRecipients()) {
            boolean recorded = QuarkusTransaction.requiringNew().call(() -> {
                Instant now = Instant.now();
                Delivery digest = Delivery.intent(null, "digest:" + UUID.randomUUID(), Delivery.DAILY_DIGEST, Delivery.EMAIL,
                        recipient.recipient(), recipient.memberId(), null, recipient.orgId(), null, Delivery.Status.PENDING, now);
                deliveries.insert(digest);
                if (deliveries.gatherDigest(digest.id(), recipient.recipient()) == 0) {
                    // Another instance gathered them first.
                    deliveries.delete(digest.id());
                    return false;
                }
                return true;
            });
            if (recorded) {
                digests++;
            }
        }
        worker.wake();
        return digests;
    }
}
