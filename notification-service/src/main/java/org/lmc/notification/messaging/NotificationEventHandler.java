package org.lmc.notification.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.lmc.contracts.EventJson;
import org.lmc.contracts.EventTypes;
import org.lmc.messaging.EventHandler;
import org.lmc.messaging.IncomingEvent;
import org.lmc.notification.domain.NotificationKind;
import org.lmc.notification.repository.DirectoryRepository;
import org.lmc.notification.service.Notifier;

/**
 * The events notification-service listens to: every registration lifecycle event keeps the directory (teams,
 * members, roles, emails) up to date, and every type with a {@link NotificationKind} is told to its organisation.
 * Runs in the inbox's transaction, so a redelivered event has no second effect.
 */
@ApplicationScoped
public class NotificationEventHandler implements EventHandler {
    /** Registration types that only update the directory: a commitment or a check-in is not news to the district. */
    private static final Set<String> DIRECTORY_ONLY = Set.of(EventTypes.MEMBER_COMMITTED_V1, EventTypes.MEMBER_CHECKED_IN_V1);
    private static final String REGISTRATION_PREFIX = "org.lmc.registration.";

    private final DirectoryRepository directory;
    private final Notifier notifier;

    NotificationEventHandler(DirectoryRepository directory, Notifier notifier) {
        this.directory = directory;
        this.notifier = notifier;
    }

    @Override
    public Set<String> types() {
        Set<String> types = new HashSet<>(DIRECTORY_ONLY);
        Arrays.stream(NotificationKind.values()).map(NotificationKind::eventType).forEach(types::add);
        return types;
    }

    @Override
    public void handle(IncomingEvent event) {
        JsonNode data;
        try {
            data = EventJson.MAPPER.readTree(event.data());
        } catch (IOException e) {
            throw new UncheckedIOException("event data is not JSON", e);
        }
        if (event.type().startsWith(REGISTRATION_PREFIX) && data.has("members")) {
            JsonNode org = data.get("organisation");
            directory.recordTeam(UUID.fromString(data.get("teamId").asText()), UUID.fromString(data.get("conveningId").asText()),
                    new DirectoryRepository.Organisation(org.get("kind").asText(), org.get("orgId").asText(), org.get("name").asText(),
                            org.get("state").asText()),
                    data.get("status").asText(), Notifier.members(data.get("members")),
                    event.time() != null ? event.time() : Instant.now());
        }
        NotificationKind.ofType(event.type()).ifPresent(kind -> notifier.notify(kind, event, data));
    }
}
