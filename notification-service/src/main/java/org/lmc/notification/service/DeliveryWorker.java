package org.lmc.notification.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.lmc.contracts.EventJson;
import org.lmc.contracts.notification.NotificationDelivered;
import org.lmc.contracts.notification.NotificationEventTypes;
import org.lmc.contracts.notification.NotificationFailed;
import org.lmc.messaging.AfterCommit;
import org.lmc.messaging.Outbox;
import org.lmc.messaging.PendingEvent;
import org.lmc.notification.config.NotificationConfig;
import org.lmc.notification.domain.Backoff;
import org.lmc.notification.domain.Delivery;
import org.lmc.notification.domain.InboxItem;
import org.lmc.notification.domain.WebhookSubscription;
import org.lmc.notification.repository.DeliveryRepository;
import org.lmc.notification.repository.InboxRepository;
import org.lmc.notification.repository.WebhookRepository;

/**
 * Sends recorded deliveries after their commit. One loop claims due deliveries (SKIP LOCKED, autocommit, with a
 * lease), never more than there are free senders and never for an endpoint already at its in-flight limit; each
 * is sent on the sender pool, then marked in its own transaction with its attempt and its outcome event (through
 * the outbox). A failure is retried with exponential backoff and jitter, then the delivery is DEAD. A slow or
 * failing endpoint holds at most its own in-flight slots; other recipients, channels and the event consumer go on.
 */
@ApplicationScoped
public class DeliveryWorker {
    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);
    private static final String WAKE_REGISTERED = DeliveryWorker.class.getName() + ".wake";
    private static final int MAX_ERROR = 2000;

    private final DeliveryRepository deliveries;
    private final InboxRepository inbox;
    private final WebhookRepository webhooks;
    private final WebhookSender webhookSender;
    private final Mailer mailer;
    private final Templates templates;
    private final Outbox outbox;
    private final TransactionSynchronizationRegistry transactions;
    private final NotificationConfig config;
    private final Backoff backoff;
    private final Semaphore wakeUp = new Semaphore(0);
    private final Semaphore senders;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final Timer sendTime;
    private volatile boolean running;
    private volatile Instant lastLoop = Instant.now();
    private volatile String lastError;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private Thread loop;
    private ExecutorService pool;

    DeliveryWorker(DeliveryRepository deliveries, InboxRepository inbox, WebhookRepository webhooks, WebhookSender webhookSender,
            Mailer mailer, Templates templates, Outbox outbox, TransactionSynchronizationRegistry transactions,
            NotificationConfig config, MeterRegistry registry) {
        this.deliveries = deliveries;
        this.inbox = inbox;
        this.webhooks = webhooks;
        this.webhookSender = webhookSender;
        this.mailer = mailer;
        this.templates = templates;
        this.outbox = outbox;
        this.transactions = transactions;
        this.config = config;
        this.registry = registry;
        this.backoff = new Backoff(config.delivery().backoffBase(), config.delivery().backoffMax());
        this.senders = new Semaphore(config.delivery().concurrency());
        this.sendTime = Timer.builder("lmc.notification.delivery.duration").description("Time of one delivery attempt")
                .publishPercentiles(0.5, 0.99).register(registry);
        Gauge.builder("lmc.notification.deliveries.in.flight", senders, s -> config.delivery().concurrency() - s.availablePermits())
                .description("Deliveries being sent now").register(registry);
        Gauge.builder("lmc.notification.deliveries.pending", this, w -> w.backlog().pending())
                .description("Deliveries waiting to be sent (due or backing off)").register(registry);
        Gauge.builder("lmc.notification.deliveries.dead", this, w -> w.backlog().dead())
                .description("Dead deliveries awaiting an administrator").register(registry);
        Gauge.builder("lmc.notification.deliveries.oldest.due.seconds", this, w -> w.backlog().oldestDueSeconds())
                .description("How long the longest-due pending delivery has been due").register(registry);
    }

    void start(@Observes StartupEvent event) {
        if (!config.delivery().enabled()) {
            return;
        }
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newFixedThreadPool(config.delivery().concurrency(), r -> {
            Thread t = new Thread(r, "lmc-delivery-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        running = true;
        loop = new Thread(this::run, "lmc-delivery-worker");
        loop.setDaemon(true);
        loop.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        wake();
        if (loop != null) {
            try {
                loop.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (pool != null) {
            pool.shutdown();
        }
    }

    public void wake() {
        wakeUp.release();
    }

    /** Wakes the worker once the current transaction commits (its deliveries are then visible). */
    public void wakeAfterCommit() {
        AfterCommit.once(transactions, WAKE_REGISTERED, this::wake);
    }

    public boolean isRunning() {
        return running && loop != null && loop.isAlive();
    }

    public Instant lastLoop() {
        return lastLoop;
    }

    public String lastError() {
        return lastError;
    }

    public DeliveryRepository.Backlog backlog() {
        try {
            return deliveries.backlog(Instant.now());
        } catch (RuntimeException e) {
            return new DeliveryRepository.Backlog(-1, -1, -1);
        }
    }

    private void run() {
        while (running) {
            try {
                int started = claimAndDispatch();
                lastLoop = Instant.now();
                lastError = null;
                consecutiveFailures.set(0);
                if (started == 0) {
                    wakeUp.tryAcquire(config.delivery().pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    wakeUp.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The database may be away: keep trying, slower, and say so in health.
                lastError = e.getMessage();
                int failures = consecutiveFailures.incrementAndGet();
                LOG.warnf("delivery worker failed (%d in a row), will retry: %s", failures, e.getMessage());
                sleep(Duration.ofMillis(Math.min(5000, 100L << Math.min(failures, 6))));
            }
        }
    }

    /** One round: claim as many due deliveries as there are free senders, start them; returns how many started. */
    int claimAndDispatch() {
        int free = senders.availablePermits();
        if (free == 0) {
            return 0;
        }
        int cap = config.delivery().perRecipientConcurrency();
        List<String> busy = new ArrayList<>();
        inFlight.forEach((endpoint, count) -> {
            if (count.get() >= cap) {
                busy.add(endpoint);
            }
        });
        Instant now = Instant.now();
        List<Delivery> claimed = deliveries.claim(free, now, now.plus(config.delivery().lease()), busy);
        int started = 0;
        for (Delivery delivery : claimed) {
            AtomicInteger count = inFlight.computeIfAbsent(delivery.endpoint(), e -> new AtomicInteger());
            if (count.incrementAndGet() > cap || !senders.tryAcquire()) {
                count.decrementAndGet();
                deliveries.release(delivery.id());
                continue;
            }
            started++;
            pool.execute(() -> {
                try {
                    attempt(delivery);
                } catch (RuntimeException e) {
                    // The outcome could not be recorded (database away): the lease expires and it is claimed again.
                    LOG.warnf("delivery %s: outcome not recorded: %s", delivery.id(), e.getMessage());
                } finally {
                    count.decrementAndGet();
                    senders.release();
                    wake();
                }
            });
        }
        return started;
    }

    /** Sends one delivery and records the attempt and its outcome. */
    void attempt(Delivery delivery) {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        Result result;
        try {
            result = send(delivery, started);
        } catch (RuntimeException e) {
            result = new Result(false, null, e.getClass().getSimpleName() + ": " + e.getMessage(), false);
        }
        long millis = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        sendTime.record(Duration.ofMillis(millis));
        record(delivery, result, started, millis);
    }

    private record Result(boolean ok, Integer httpStatus, String error, boolean hopeless) {
    }

    private Result send(Delivery delivery, Instant now) {
        if (Delivery.EMAIL.equals(delivery.channel())) {
            String subject;
            String text;
            if (Delivery.DAILY_DIGEST.equals(delivery.kind())) {
                List<String[]> items = deliveries.digestItems(delivery.id());
                Templates.Rendered digest = templates.render("digest", Map.of("items", items.stream()
                        .map(i -> Map.of("subject", i[0], "text", i[1])).toList(), "count", items.size()));
                subject = digest.subject();
                text = digest.text();
            } else {
                Optional<InboxItem> item = inbox.find(delivery.notificationId());
                if (item.isEmpty()) {
                    return new Result(false, null, "the notification no longer exists", true);
                }
                subject = item.get().subject();
                text = item.get().body();
            }
            mailer.send(Mail.withText(delivery.recipient(), subject, text).setFrom(config.mail().from()));
            return new Result(true, null, null, false);
        }
        Optional<WebhookSubscription> subscription = webhooks.find(delivery.subscriptionId(), null);
        if (subscription.isEmpty()) {
            return new Result(false, null, "the subscription was deleted", true);
        }
        WebhookSender.Answer answer = webhookSender.send(subscription.get(), messageId(delivery), webhookBody(delivery, now), now);
        return new Result(answer.ok(), answer.status(), answer.error(), false);
    }

    /** {@code webhook-id}: the event's id, the same on every retry and redelivery, so receivers can drop repeats. */
    static String messageId(Delivery delivery) {
        return Delivery.WEBHOOK_TEST.equals(delivery.kind()) ? delivery.eventId() : "evt_" + delivery.eventId();
    }

    private String webhookBody(Delivery delivery, Instant now) {
        ObjectNode data = EventJson.MAPPER.createObjectNode();
        if (delivery.notificationId() != null) {
            InboxItem item = inbox.find(delivery.notificationId()).orElseThrow(() -> new IllegalStateException("notification gone"));
            data.put("notificationId", item.id().toString());
            data.put("kind", item.kind());
            data.put("eventId", item.eventId());
            data.put("eventType", item.eventType());
            data.put("orgId", item.orgId());
            data.put("teamId", item.teamId() == null ? null : item.teamId().toString());
            data.put("memberId", item.memberId() == null ? null : item.memberId().toString());
            data.put("subject", item.subject());
            data.put("text", item.body());
            data.put("occurredAt", item.createdAt().toString());
            try {
                data.set("event", EventJson.MAPPER.readTree(inbox.data(item.id())));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        } else {
            data.put("kind", delivery.kind());
            data.put("subject", "Test message");
            data.put("text", "This is a test of your LMC webhook subscription " + delivery.subscriptionId() + ".");
        }
        return WebhookSender.body(delivery.kind(), now, data);
    }

    private void record(Delivery delivery, Result result, Instant started, long millis) {
        int attempts = delivery.attempts() + 1;
        Instant now = Instant.now();
        String error = result.error() == null ? null : truncate(result.error());
        String outcome = QuarkusTransaction.requiringNew().call(() -> {
            deliveries.recordAttempt(delivery.id(), attempts, started, millis, result.ok(), result.httpStatus(), error);
            if (result.ok()) {
                deliveries.markDelivered(delivery.id(), attempts, now);
                outbox.publish(new PendingEvent(NotificationEventTypes.NOTIFICATION_DELIVERED_V1, delivery.id().toString(),
                        new NotificationDelivered(delivery.id(), eventIdOf(delivery), delivery.kind(), delivery.channel(), delivery.orgId(),
                                delivery.teamId(), delivery.memberId(), delivery.subscriptionId(), attempts, now)));
                return "delivered";
            }
            if (result.hopeless() || attempts >= config.delivery().maxAttempts()) {
                deliveries.markDead(delivery.id(), attempts, error, now);
                outbox.publish(new PendingEvent(NotificationEventTypes.NOTIFICATION_FAILED_V1, delivery.id().toString(),
                        new NotificationFailed(delivery.id(), eventIdOf(delivery), delivery.kind(), delivery.channel(), delivery.orgId(),
                                delivery.teamId(), delivery.memberId(), delivery.subscriptionId(), attempts, error, now)));
                return "dead";
            }
            deliveries.markRetry(delivery.id(), attempts, now.plus(backoff.after(attempts, ThreadLocalRandom.current())), error);
            return "retried";
        });
        Counter.builder("lmc.notification.deliveries").description("Delivery attempts by channel and outcome")
                .tag("channel", delivery.channel()).tag("outcome", outcome).register(registry).increment();
        if (!"delivered".equals(outcome)) {
            LOG.debugf("delivery %s (%s to %s) attempt %d %s: %s", delivery.id(), delivery.channel(), delivery.recipient(), attempts,
                    outcome, error);
        }
    }

    /** The causing event's id; digests and webhook tests have none of their own. */
    private static String eventIdOf(Delivery delivery) {
        return delivery.notificationId() == null ? null : delivery.eventId();
    }

    private static String truncate(String s) {
        return s.length() <= MAX_ERROR ? s : s.substring(0, MAX_ERROR);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
