package org.lmc.plan.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.lmc.contracts.EventTypes;
import org.lmc.contracts.registration.MemberAdded;
import org.lmc.contracts.registration.MemberReplaced;
import org.lmc.contracts.registration.TeamCancelled;
import org.lmc.contracts.registration.TeamConfirmed;
import org.lmc.contracts.registration.TeamPromoted;
import org.lmc.messaging.EventHandler;
import org.lmc.messaging.IncomingEvent;
import org.lmc.plan.service.TeamProjection;
import org.lmc.plan.service.TeamProjection.Described;

/** The registration events that decide who has a plan and who signs it. */
@ApplicationScoped
public class RegistrationEventsHandler implements EventHandler {
    private final TeamProjection projection;

    RegistrationEventsHandler(TeamProjection projection) {
        this.projection = projection;
    }

    @Override
    public Set<String> types() {
        return Set.of(EventTypes.TEAM_CONFIRMED_V1, EventTypes.TEAM_PROMOTED_V1, EventTypes.TEAM_CANCELLED_V1,
                EventTypes.MEMBER_REPLACED_V1, EventTypes.MEMBER_ADDED_V1);
    }

    @Override
    public void handle(IncomingEvent event) {
        switch (event.type()) {
            case EventTypes.TEAM_CONFIRMED_V1 -> {
                TeamConfirmed t = event.data(TeamConfirmed.class);
                projection.confirmed(new Described(t.teamId(), t.conveningId(), t.organisation(), t.status(), t.members()));
            }
            case EventTypes.TEAM_PROMOTED_V1 -> {
                TeamPromoted t = event.data(TeamPromoted.class);
                projection.confirmed(new Described(t.teamId(), t.conveningId(), t.organisation(), t.status(), t.members()));
            }
            case EventTypes.TEAM_CANCELLED_V1 -> {
                TeamCancelled t = event.data(TeamCancelled.class);
                projection.cancelled(new Described(t.teamId(), t.conveningId(), t.organisation(), t.status(), t.members()));
            }
            case EventTypes.MEMBER_REPLACED_V1 -> {
                MemberReplaced t = event.data(MemberReplaced.class);
                projection.describe(new Described(t.teamId(), t.conveningId(), t.organisation(), t.status(), t.members()));
            }
            case EventTypes.MEMBER_ADDED_V1 -> {
                MemberAdded t = event.data(MemberAdded.class);
                projection.describe(new Described(t.teamId(), t.conveningId(), t.organisation(), t.status(), t.members()));
            }
            default -> throw new IllegalStateException("not a handled type: " + event.type());
        }
    }
}
