package org.lmc.notification.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import org.lmc.contracts.EventTypes;
import org.lmc.contracts.registration.TeamRegistered;
import org.lmc.messaging.EventHandler;
import org.lmc.messaging.IncomingEvent;
import org.lmc.notification.domain.Notification;
import org.lmc.notification.repository.NotificationRepository;

/** "Registration received": the district learns its team is registered and who must still commit. */
@ApplicationScoped
public class TeamRegisteredHandler implements EventHandler {
    private final NotificationRepository notifications;

    TeamRegisteredHandler(NotificationRepository notifications) {
        this.notifications = notifications;
    }

    @Override
    public Set<String> types() {
        return Set.of(EventTypes.TEAM_REGISTERED_V1);
    }

    @Override
    public void handle(IncomingEvent event) {
        TeamRegistered team = event.data(TeamRegistered.class);
        String members = team.members().stream().map(m -> m.name() + " (" + m.role() + ")").collect(Collectors.joining(", "));
        notifications.persist(new Notification(team.organisation().orgId(), event.id(), event.type(), team.teamId(),
                "Registration received: " + team.organisation().name(),
                "Your team of " + team.teamSize() + " is registered: " + members
                        + ". It is confirmed once every required member has committed to attend.",
                event.time() != null ? event.time() : Instant.now()));
    }
}
