package org.lmc.notification.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.lmc.contracts.EventJson;
import org.lmc.messaging.IncomingEvent;
import org.lmc.notification.domain.Addressing;
import org.lmc.notification.domain.Delivery;
import org.lmc.notification.domain.InboxItem;
import org.lmc.notification.domain.NotificationKind;
import org.lmc.notification.domain.Person;
import org.lmc.notification.domain.Preference;
import org.lmc.notification.domain.WebhookSubscription;
import org.lmc.notification.repository.DeliveryRepository;
import org.lmc.notification.repository.DirectoryRepository;
import org.lmc.notification.repository.InboxRepository;
import org.lmc.notification.repository.PreferenceRepository;
import org.lmc.notification.repository.WebhookRepository;

/**
 * Turns one event into the organisation's inbox row and the intent of every delivery (an email per addressed
 * person, unless their preference says otherwise; a webhook per matching subscription), all in the consumer's
 * transaction. Nothing is sent here: the delivery worker sends after commit.
 */
@ApplicationScoped
public class Notifier {
    private static final Logger LOG = Logger.getLogger(Notifier.class);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final DirectoryRepository directory;
    private final InboxRepository inbox;
    private final DeliveryRepository deliveries;
    private final WebhookRepository webhooks;
    private final PreferenceRepository preferences;
    private final Templates templates;
    private final DeliveryWorker worker;

    Notifier(DirectoryRepository directory, InboxRepository inbox, DeliveryRepository deliveries, WebhookRepository webhooks,
            PreferenceRepository preferences, Templates templates, DeliveryWorker worker) {
        this.directory = directory;
        this.inbox = inbox;
        this.deliveries = deliveries;
        this.webhooks = webhooks;
        this.preferences = preferences;
        this.templates = templates;
        this.worker = worker;
    }

    /** What one notification came to. */
    public record Outcome(boolean notified, int emails, int webhooks) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Outcome notify(NotificationKind kind, IncomingEvent event, JsonNode data) {
        JsonNode organisation = data.path("organisation");
        if (!organisation.hasNonNull("orgId")) {
            // An event of a notified type that concerns no organisation (an invoice payment, keyed by the grant).
            LOG.debugf("event %s (%s) names no organisation: nothing to tell", event.id(), event.type());
            return new Outcome(false, 0, 0);
        }
        String orgId = organisation.get("orgId").asText();
        UUID teamId = uuid(data, "teamId");
        UUID memberId = kind.audience() == NotificationKind.Audience.TEAM ? null : uuid(data, "memberId");
        List<Person> team = data.has("members") ? members(data.get("members")) : teamId == null ? List.of() : directory.activeMembers(teamId);
        Person named = memberId == null ? null : team.stream().filter(p -> p.memberId().equals(memberId)).findFirst()
                .orElseGet(() -> directory.member(memberId).orElse(null));
        List<Person> recipients = new ArrayList<>(Addressing.recipients(kind.audience(), team, memberId, named,
                strings(data.path("recipientRoles")), text(data, "ownerRole")));
        if (kind == NotificationKind.MEMBER_REPLACED && data.hasNonNull("previousMember")) {
            recipients.addAll(members(EventJson.MAPPER.createArrayNode().add(data.get("previousMember"))));
        }

        Instant now = Instant.now();
        Instant at = event.time() != null ? event.time() : now;
        Templates.Rendered rendered = templates.render(kind, templateData(data, team, uuid(data, "memberId"), named));
        InboxItem item = new InboxItem(UUID.randomUUID(), orgId, kind.name(), event.type(), event.id(), teamId, memberId,
                rendered.subject(), rendered.text(), at, null);
        if (!inbox.insert(item, EventJson.MAPPER.valueToTree(data).toString())) {
            return new Outcome(false, 0, 0);
        }
        int emails = 0;
        for (Person person : recipients) {
            Delivery.Status status = switch (effectiveMode(kind, preferences.modeFor(orgId, person.memberId(), kind.name(), Preference.Channel.EMAIL))) {
                case OFF -> null;
                case DIGEST -> Delivery.Status.DIGEST;
                case IMMEDIATE -> Delivery.Status.PENDING;
            };
            if (status != null && deliveries.insert(Delivery.intent(item.id(), event.id(), kind.name(), Delivery.EMAIL, person.email(),
                    person.memberId(), null, orgId, teamId, status, now))) {
                emails++;
            }
        }
        int hooks = 0;
        for (WebhookSubscription subscription : webhooks.matching(kind.name(), orgId)) {
            if (deliveries.insert(Delivery.intent(item.id(), event.id(), kind.name(), Delivery.WEBHOOK, subscription.id().toString(), null,
                    subscription.id(), orgId, teamId, Delivery.Status.PENDING, now))) {
                hooks++;
            }
        }
        worker.wakeAfterCommit();
        return new Outcome(true, emails, hooks);
    }

    /** A stored preference as it applies: critical kinds are never off, only routine kinds wait for the digest. */
    static Preference.Mode effectiveMode(NotificationKind kind, Preference.Mode stored) {
        if (stored == Preference.Mode.OFF && kind.critical() || stored == Preference.Mode.DIGEST && !kind.digestible()) {
            return Preference.Mode.IMMEDIATE;
        }
        return stored;
    }

    private static Map<String, Object> templateData(JsonNode data, List<Person> team, UUID memberId, Person named) {
        Map<String, Object> model = new HashMap<>();
        model.put("e", EventJson.MAPPER.convertValue(data, MAP));
        model.put("orgName", data.path("organisation").path("name").asText(""));
        model.put("members", team.stream().map(p -> p.name() + " (" + p.role() + ")").collect(Collectors.joining(", ")));
        model.put("memberName", named != null ? named.name() : memberId == null ? "" : team.stream()
                .filter(p -> p.memberId().equals(memberId)).map(Person::name).findFirst().orElse("a team member"));
        model.put("roles", String.join(", ", strings(data.path("recipientRoles"))));
        model.put("amount", data.has("amountCents") ? money(data.get("amountCents").asLong(), data.path("currency").asText("USD")) : "");
        return model;
    }

    static String money(long cents, String currency) {
        return currency + " " + String.format("%,.2f", BigDecimal.valueOf(cents).movePointLeft(2));
    }

    public static List<Person> members(JsonNode array) {
        List<Person> people = new ArrayList<>();
        for (JsonNode m : array) {
            people.add(new Person(UUID.fromString(m.get("memberId").asText()), m.path("name").asText(), m.path("email").asText(),
                    m.path("role").asText()));
        }
        return people;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static UUID uuid(JsonNode data, String field) {
        return data.hasNonNull(field) ? UUID.fromString(data.get(field).asText()) : null;
    }

    private static String text(JsonNode data, String field) {
        return data.hasNonNull(field) ? data.get(field).asText() : null;
    }
}
