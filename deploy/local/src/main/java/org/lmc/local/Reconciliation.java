package org.lmc.local;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.lmc.contracts.CloudEventHeaders;
import org.lmc.contracts.Topics;
import org.lmc.testing.embedded.EmbeddedPostgresServer;

/**
 * The fault run's checks from outside the services, beside the story's own ({@link DemoStory}: statuses, one plan and
 * one entitlement per traveller, paid = approved, each grant's reconciliation endpoint, public totals = ledgers, each
 * milestone once in each inbox, outbox and dead letters by the API, emails and webhooks counted): what the APIs do not
 * show is read from each service's database over JDBC and from the Kafka topics.
 */
final class Reconciliation {
    /** The platform's event topics, in the services' order. */
    static final List<String> EVENT_TOPICS = List.of(Topics.REGISTRATION_EVENTS, Topics.PLAN_EVENTS, Topics.FUNDING_EVENTS,
            Topics.NOTIFICATION_EVENTS);

    /** A write the client was answered 2xx for, by its Idempotency-Key, with the id the answer named. */
    record Acknowledged(String path, String key, String id) {
    }

    /** One kind of created resource: where its rows live, and the column that ties them to what the run made. */
    private record Resource(ServiceDef service, String table, String pathPattern, String scopeColumn, String scopeKind) {
    }

    /**
     * The kinds of resources the story creates with an Idempotency-Key, and how their rows are scoped to the run: teams
     * by convening, money by grant. A row in scope that no acknowledged answer named is a duplicate a retry made.
     */
    private static final List<Resource> RESOURCES = List.of(
            new Resource(ServiceDef.REGISTRATION, "convening", "/api/v1/convenings", null, null),
            new Resource(ServiceDef.REGISTRATION, "team", "/api/v1/convenings/[^/]+/teams", "convening_id", "convening"),
            new Resource(ServiceDef.FUNDING, "funding_grant", "/api/v1/grants", null, null),
            new Resource(ServiceDef.FUNDING, "claim", "/api/v1/claims", "grant_id", "funding_grant"),
            new Resource(ServiceDef.FUNDING, "invoice", "/api/v1/invoices", "grant_id", "funding_grant"),
            new Resource(ServiceDef.FUNDING, "payment", "/api/v1/payments", "grant_id", "funding_grant"));

    private final Function<ServiceDef, String> jdbcUrl;
    private final String kafkaBootstrap;
    private final Instant runStartedAt;
    private final List<DemoStory.Check> checks = new ArrayList<>();
    private int eventsRead;
    private int eventCopies;

    Reconciliation(Function<ServiceDef, String> jdbcUrl, String kafkaBootstrap, Instant runStartedAt) {
        this.jdbcUrl = jdbcUrl;
        this.kafkaBootstrap = kafkaBootstrap;
        this.runStartedAt = runStartedAt;
    }

    /** Events of the run read from the topics, and how many of them Kafka holds more than one copy of. */
    int eventsRead() {
        return eventsRead;
    }

    int eventCopies() {
        return eventCopies;
    }

    List<DemoStory.Check> check(Collection<Acknowledged> acknowledged, Http http, String fundingUrl, String auditorToken) {
        checks.clear();
        acknowledgedWritesExistOnce(acknowledged);
        Map<String, List<EventCopy>> events = readTopics();
        eventsProducedOnceAndApplied(events);
        ledgerBalances();
        paymentsOnceWithinBudget();
        auditChain(http, fundingUrl, auditorToken);
        notificationsSettled();
        outboxesEmptyAndNoDeadLetters(events);
        return List.copyOf(checks);
    }

    // ------------------------------------------------------------------ acknowledged writes

    private void acknowledgedWritesExistOnce(Collection<Acknowledged> acknowledged) {
        for (Resource r : RESOURCES) {
            List<Acknowledged> mine = acknowledged.stream().filter(a -> a.path().matches(r.pathPattern())).toList();
            Set<String> ids = mine.stream().map(Acknowledged::id).collect(Collectors.toSet());
            Map<String, Set<String>> idsByKey = new HashMap<>();
            mine.forEach(a -> idsByKey.computeIfAbsent(a.key(), k -> new HashSet<>()).add(a.id()));
            long keysWithTwoIds = idsByKey.values().stream().filter(s -> s.size() > 1).count();
            Set<String> found = new HashSet<>();
            Set<String> unacknowledged = new HashSet<>();
            query(r.service(), c -> {
                for (String id : ids) {
                    try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM " + r.table() + " WHERE id = ?::uuid")) {
                        s.setString(1, id);
                        try (ResultSet rs = s.executeQuery()) {
                            rs.next();
                            if (rs.getInt(1) == 1) {
                                found.add(id);
                            }
                        }
                    }
                }
                if (r.scopeColumn() != null) {
                    Set<String> scopes = new HashSet<>();
                    String scopePattern = RESOURCES.stream().filter(x -> x.table().equals(r.scopeKind())).findFirst().orElseThrow().pathPattern();
                    acknowledged.stream().filter(a -> a.path().matches(scopePattern)).forEach(a -> scopes.add(a.id()));
                    try (PreparedStatement s = c.prepareStatement("SELECT id::text FROM " + r.table() + " WHERE " + r.scopeColumn()
                            + "::text = ANY (?)")) {
                        s.setArray(1, c.createArrayOf("text", scopes.toArray()));
                        try (ResultSet rs = s.executeQuery()) {
                            while (rs.next()) {
                                if (!ids.contains(rs.getString(1))) {
                                    unacknowledged.add(rs.getString(1));
                                }
                            }
                        }
                    }
                }
                return null;
            });
            check("acknowledged " + r.table() + " writes exist exactly once (by id and Idempotency-Key)",
                    found.size() == ids.size() && unacknowledged.isEmpty() && keysWithTwoIds == 0 && mine.size() == idsByKey.size(),
                    mine.size() + " acknowledged, " + found.size() + " of " + ids.size() + " ids found, " + unacknowledged.size()
                            + " rows in scope no answer named" + (unacknowledged.isEmpty() ? "" : " " + unacknowledged.stream().limit(3).toList())
                            + ", " + keysWithTwoIds + " keys answered with two ids");
        }
    }

    // ------------------------------------------------------------------ events

    /** One record of an event on a topic. */
    private record EventCopy(String topic, String type, byte[] payload) {
    }

    /** Every record of the run's time on the event and dead-letter topics, by event id ({@code ce_id}). */
    private Map<String, List<EventCopy>> readTopics() {
        Map<String, List<EventCopy>> byId = new HashMap<>();
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap));
                KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            Set<String> topics = new HashSet<>(EVENT_TOPICS);
            admin.listTopics().names().get().stream().filter(t -> t.endsWith(Topics.DEAD_LETTER_SUFFIX)).forEach(topics::add);
            List<TopicPartition> partitions = new ArrayList<>();
            admin.describeTopics(topics).allTopicNames().get().forEach((name, d) -> d.partitions()
                    .forEach(p -> partitions.add(new TopicPartition(name, p.partition()))));
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            Set<TopicPartition> open = new HashSet<>(partitions);
            open.removeIf(tp -> ends.get(tp).offset() == 0);
            while (!open.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    String id = header(r, CloudEventHeaders.ID);
                    if (id != null && r.timestamp() >= runStartedAt.toEpochMilli()) {
                        byId.computeIfAbsent(id, k -> new ArrayList<>()).add(new EventCopy(r.topic(), header(r, CloudEventHeaders.TYPE),
                                r.value()));
                    }
                }
                open.removeIf(tp -> consumer.position(tp) >= ends.get(tp).offset());
            }
            if (!open.isEmpty()) {
                throw new DemoFailure("the topics were not read to their end within 120 s: " + open);
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new DemoFailure("cannot read the topics: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailure("interrupted while reading the topics");
        }
        return byId;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /**
     * Each committed state change (an outbox row of the run) reached its topic under its one event id; a copy of a record
     * (the relay sent it, then died before marking it sent) carries the same id and the same bytes, and is counted; each
     * consumer holds one inbox row for each event of its topics, so none was applied twice or skipped.
     */
    private void eventsProducedOnceAndApplied(Map<String, List<EventCopy>> events) {
        Map<String, List<EventCopy>> onEventTopics = new HashMap<>();
        events.forEach((id, copies) -> {
            List<EventCopy> c = copies.stream().filter(e -> EVENT_TOPICS.contains(e.topic())).toList();
            if (!c.isEmpty()) {
                onEventTopics.put(id, c);
            }
        });
        eventsRead = onEventTopics.size();
        eventCopies = (int) onEventTopics.values().stream().mapToLong(c -> c.size() - 1).sum();
        long differingCopies = onEventTopics.values().stream().filter(c -> c.stream().map(e -> new String(e.payload(),
                StandardCharsets.UTF_8) + e.type()).distinct().count() > 1).count();
        check("an event id names one event: every copy on a topic carries the same type and bytes", differingCopies == 0,
                eventsRead + " events of the run on the topics, " + eventCopies + " extra copies, " + differingCopies + " differing");

        List<String> unpublished = new ArrayList<>();
        int committed = 0;
        for (ServiceDef s : ServiceDef.values()) {
            List<String> ids = query(s, c -> strings(c, "SELECT event_id::text FROM lmc_outbox WHERE created_at >= ?", runStartedAt));
            committed += ids.size();
            ids.stream().filter(id -> !onEventTopics.containsKey(id)).limit(3).forEach(id -> unpublished.add(s.shortName() + " " + id));
        }
        check("every committed state change (outbox row of the run) is on its topic", unpublished.isEmpty(),
                committed + " outbox rows of the run" + (unpublished.isEmpty() ? ", all published" : "; missing: " + unpublished));

        List<String> unapplied = new ArrayList<>();
        int consumers = 0;
        int applied = 0;
        for (ServiceDef s : ServiceDef.values()) {
            Map<String, Set<String>> topicsOf = new HashMap<>();
            Map<String, Set<String>> inbox = new HashMap<>();
            query(s, c -> {
                try (PreparedStatement st = c.prepareStatement("SELECT consumer, topic, event_id FROM lmc_inbox")) {
                    try (ResultSet rs = st.executeQuery()) {
                        while (rs.next()) {
                            topicsOf.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2));
                            inbox.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(3));
                        }
                    }
                }
                return null;
            });
            for (Map.Entry<String, Set<String>> consumer : topicsOf.entrySet()) {
                consumers++;
                Set<String> seen = inbox.get(consumer.getKey());
                for (Map.Entry<String, List<EventCopy>> e : onEventTopics.entrySet()) {
                    if (consumer.getValue().contains(e.getValue().get(0).topic())) {
                        if (seen.contains(e.getKey())) {
                            applied++;
                        } else if (unapplied.size() < 5) {
                            unapplied.add(consumer.getKey() + " " + e.getValue().get(0).type() + " " + e.getKey());
                        }
                    }
                }
            }
        }
        check("every consumer took each event of its topics once (one inbox row per consumer and event id)", unapplied.isEmpty()
                && consumers > 0, consumers + " consumers, " + applied + " events taken" + (unapplied.isEmpty() ? "" : "; not taken: "
                + unapplied));
    }

    // ------------------------------------------------------------------ money

    private void ledgerBalances() {
        query(ServiceDef.FUNDING, c -> {
            List<String> unbalancedEntries = strings(c, "SELECT entry_id::text FROM journal_line GROUP BY entry_id"
                    + " HAVING sum(amount_cents) <> 0 LIMIT 5");
            List<String> unbalancedGrants = strings(c, "SELECT grant_id::text FROM journal_line GROUP BY grant_id"
                    + " HAVING sum(amount_cents) <> 0 LIMIT 5");
            long entries = count(c, "SELECT count(*) FROM journal_entry");
            check("every journal entry balances and each grant's journal sums to zero", unbalancedEntries.isEmpty()
                    && unbalancedGrants.isEmpty(), entries + " entries" + (unbalancedEntries.isEmpty() ? "" : "; unbalanced entries "
                    + unbalancedEntries) + (unbalancedGrants.isEmpty() ? "" : "; grants not summing to zero " + unbalancedGrants));
            List<String> drift = strings(c, "SELECT a.grant_id || ' ' || a.account FROM ledger_account a LEFT JOIN"
                    + " (SELECT grant_id, account, sum(amount_cents) AS total FROM journal_line GROUP BY grant_id, account) l"
                    + " ON l.grant_id = a.grant_id AND l.account = a.account WHERE a.balance_cents <> coalesce(l.total, 0) LIMIT 5");
            List<String> broken = strings(c, "SELECT g.id::text FROM funding_grant g JOIN ledger_account a ON a.grant_id = g.id"
                    + " GROUP BY g.id, g.budget_cents HAVING sum(a.balance_cents) FILTER (WHERE a.account <> 'COMMITMENT') <> g.budget_cents"
                    + " OR sum(a.balance_cents) FILTER (WHERE a.account = 'COMMITMENT') <> -g.budget_cents"
                    + " OR min(a.balance_cents) FILTER (WHERE a.account <> 'COMMITMENT') < 0 LIMIT 5");
            long grants = count(c, "SELECT count(*) FROM funding_grant");
            check("every grant balances: balances = journal lines, budget = available + reserved + payable + paid, none negative",
                    drift.isEmpty() && broken.isEmpty(), grants + " grants" + (drift.isEmpty() ? "" : "; balances off their lines " + drift)
                            + (broken.isEmpty() ? "" : "; grants not balancing " + broken));
            return null;
        });
    }

    private void paymentsOnceWithinBudget() {
        query(ServiceDef.FUNDING, c -> {
            long twice = count(c, "SELECT count(*) FROM (SELECT coalesce(claim_id, invoice_id) FROM payment"
                    + " GROUP BY coalesce(claim_id, invoice_id) HAVING count(*) > 1) t");
            List<String> overBudget = strings(c, "SELECT g.id::text FROM funding_grant g JOIN payment p ON p.grant_id = g.id"
                    + " GROUP BY g.id, g.budget_cents HAVING sum(p.amount_cents) > g.budget_cents LIMIT 5");
            List<String> paidOff = strings(c, "SELECT a.grant_id::text FROM ledger_account a LEFT JOIN (SELECT grant_id,"
                    + " sum(amount_cents) AS total FROM payment GROUP BY grant_id) p ON p.grant_id = a.grant_id"
                    + " WHERE a.account = 'PAID' AND a.balance_cents <> coalesce(p.total, 0) LIMIT 5");
            List<String> unapproved = strings(c, "SELECT p.id::text FROM payment p LEFT JOIN claim cl ON cl.id = p.claim_id"
                    + " LEFT JOIN invoice i ON i.id = p.invoice_id WHERE coalesce(cl.amount_cents, i.amount_cents) <> p.amount_cents LIMIT 5");
            long payments = count(c, "SELECT count(*) FROM payment");
            check("no claim or invoice paid twice, none paid other than its amount, no grant paid over budget, PAID = payments",
                    twice == 0 && overBudget.isEmpty() && paidOff.isEmpty() && unapproved.isEmpty(), payments + " payments, " + twice
                            + " items paid twice" + (overBudget.isEmpty() ? "" : ", over budget " + overBudget)
                            + (paidOff.isEmpty() ? "" : ", PAID off the payments " + paidOff)
                            + (unapproved.isEmpty() ? "" : ", amounts off their item " + unapproved));
            return null;
        });
    }

    private void auditChain(Http http, String fundingUrl, String auditorToken) {
        Http.Response r = http.get(fundingUrl + "/api/v1/audit/verification", auditorToken);
        long rows = query(ServiceDef.FUNDING, c -> count(c, "SELECT count(*) FROM audit_record"));
        boolean intact = r.status() == 200 && r.json().path("intact").asBoolean() && r.json().path("rowsChecked").asLong() == rows;
        check("the audit chain verifies (GET /api/v1/audit/verification, auditor) over every audit row", intact,
                r.status() + " " + r.brief() + "; " + rows + " rows in audit_record");
    }

    // ------------------------------------------------------------------ notifications, outboxes, dead letters

    private void notificationsSettled() {
        query(ServiceDef.NOTIFICATION, c -> {
            Map<String, Long> byStatus = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT status, count(*) FROM delivery WHERE created_at >= ? GROUP BY status")) {
                s.setTimestamp(1, Timestamp.from(runStartedAt));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        byStatus.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            long twice = count(c, "SELECT count(*) FROM (SELECT event_id, channel, recipient, kind FROM delivery"
                    + " GROUP BY event_id, channel, recipient, kind HAVING count(*) > 1) t");
            long unsettled = byStatus.getOrDefault("PENDING", 0L);
            check("every notification of the run is delivered or visibly dead (DEAD in the delivery log), none twice",
                    unsettled == 0 && twice == 0 && byStatus.getOrDefault("DELIVERED", 0L) > 0, "deliveries by status " + byStatus + ", "
                            + twice + " intents with two deliveries");
            return null;
        });
    }

    private void outboxesEmptyAndNoDeadLetters(Map<String, List<EventCopy>> events) {
        Map<String, Long> pending = new LinkedHashMap<>();
        Map<String, Long> openDeadLetters = new LinkedHashMap<>();
        Set<String> recorded = new HashSet<>();
        for (ServiceDef s : ServiceDef.values()) {
            query(s, c -> {
                pending.put(s.shortName(), count(c, "SELECT count(*) FROM lmc_outbox WHERE sent_at IS NULL"));
                openDeadLetters.put(s.shortName(), count(c, "SELECT count(*) FROM lmc_dead_letter WHERE redriven_at IS NULL"));
                recorded.addAll(strings(c, "SELECT event_id FROM lmc_dead_letter"));
                return null;
            });
        }
        check("nothing pending or parked in any outbox", pending.values().stream().allMatch(v -> v == 0), "unsent rows " + pending);
        List<String> unexplained = new ArrayList<>();
        events.forEach((id, copies) -> copies.stream().filter(e -> e.topic().endsWith(Topics.DEAD_LETTER_SUFFIX)).findFirst()
                .ifPresent(e -> {
                    if (!recorded.contains(id)) {
                        unexplained.add(e.topic() + " " + id);
                    }
                }));
        check("no open dead letter, and every record on a dead-letter topic is explained by a consumer's lmc_dead_letter row",
                openDeadLetters.values().stream().allMatch(v -> v == 0) && unexplained.isEmpty(), "open " + openDeadLetters
                        + (unexplained.isEmpty() ? ", no unexplained dead-letter records" : ", unexplained " + unexplained));
    }

    // ------------------------------------------------------------------ helpers

    /** Consumer lag of every group in the broker: what the groups' committed offsets leave unread, in records. */
    static long consumerLag(String kafkaBootstrap) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000", AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000"))) {
            long lag = 0;
            for (var group : admin.listConsumerGroups().all().get()) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
                for (var e : committed.entrySet()) {
                    lag += Math.max(0, ends.get(e.getKey()).offset() - (e.getValue() == null ? 0 : e.getValue().offset()));
                }
            }
            return lag;
        } catch (java.util.concurrent.ExecutionException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Unsent outbox rows of every service plus pending notification deliveries: the work still to drain. */
    long undrained() {
        long left = 0;
        for (ServiceDef s : ServiceDef.values()) {
            left += query(s, c -> count(c, "SELECT count(*) FROM lmc_outbox WHERE sent_at IS NULL"));
        }
        return left + query(ServiceDef.NOTIFICATION, c -> count(c, "SELECT count(*) FROM delivery WHERE status = 'PENDING'"));
    }

    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T query(ServiceDef s, SqlWork<T> work) {
        try (Connection c = DriverManager.getConnection(jdbcUrl.apply(s), EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD)) {
            c.setReadOnly(true);
            return work.run(c);
        } catch (SQLException e) {
            throw new DemoFailure("reading " + s.database() + " failed: " + e.getMessage());
        }
    }

    private static List<String> strings(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i] instanceof Instant t ? Timestamp.from(t) : params[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void check(String name, boolean holds, String detail) {
        checks.add(new DemoStory.Check(name, holds, detail));
    }
}
