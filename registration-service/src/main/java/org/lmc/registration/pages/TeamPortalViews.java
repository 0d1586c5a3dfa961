package org.lmc.registration.pages;

import java.util.List;
import java.util.Locale;
import org.lmc.registration.domain.Convening;
import org.lmc.registration.domain.Member;
import org.lmc.registration.domain.Team;
import org.lmc.registration.domain.TeamStatus;
import org.lmc.registration.service.TeamRegistrations.TeamInConvening;
import org.lmc.web.Caller;
import org.lmc.web.SeatHolder;
import org.lmc.web.pages.PortalSession;
import org.lmc.web.pages.UsFormats;

/** What the district portal shows of a team's registration, made from the team, its convening and its members as the API reads them. */
public final class TeamPortalViews {
    private TeamPortalViews() {
    }

    public record TeamCard(String href, String convening, String when, String status, String commitments) {
    }

    public record Index(PortalSession session, List<TeamCard> teams) {
    }

    /** A member's row; {@code commitAction} is set when the signed-in person is this member and may still commit. */
    public record MemberRow(String id, String name, String role, String email, String committed, String checkedIn, String commitAction) {
    }

    public record TeamPage(PortalSession session, String id, String organisation, String convening, String when, String status,
            String statusDetail, String notice, String commitments, List<MemberRow> members, String fundingHref) {
    }

    static TeamCard card(TeamInConvening t) {
        return new TeamCard("/portal/teams/" + t.team().id(), t.convening().title(), when(t.convening()), status(t),
                commitments(t.team()));
    }

    static TeamPage page(PortalSession session, TeamInConvening t, Caller caller, String notice, String fundingHref) {
        Team team = t.team();
        boolean open = team.status() != TeamStatus.CANCELLED;
        List<MemberRow> members = team.members().stream().map(m -> new MemberRow(m.id().toString(), m.name(), UsFormats.words(m.role()),
                m.email(), m.committedAt() == null ? "Not yet" : UsFormats.date(m.committedAt()),
                m.checkedInAt() == null ? "" : UsFormats.date(m.checkedInAt()),
                open && m.committedAt() == null && SeatHolder.isHolder(caller, m.email(), m.boundSubject())
                        ? "/portal/teams/" + team.id() + "/members/" + m.id() + "/commitment" : null)).toList();
        return new TeamPage(session, team.id().toString(), team.organisation().name(), t.convening().title(), when(t.convening()),
                status(t), statusDetail(t), notice, commitments(team), members, fundingHref);
    }

    /** The status in words, with what it means for the team: its booth, its place in the line, or whose commitment it awaits. */
    static String status(TeamInConvening t) {
        return switch (t.team().status()) {
            case CONFIRMED -> t.team().boothNumber() == null ? "Confirmed" : "Confirmed, booth " + t.team().boothNumber();
            case WAITLISTED -> t.waitlistPosition() == null ? "Waitlisted" : "Waitlisted, number " + t.waitlistPosition() + " in line";
            case CANCELLED -> "Cancelled";
            case REGISTERED -> "Registered";
        };
    }

    private static String statusDetail(TeamInConvening t) {
        Team team = t.team();
        return switch (team.status()) {
            case REGISTERED -> {
                List<String> awaited = team.awaitedRoles(t.convening().requiredRolesOf(team.organisation().kind()));
                yield awaited.isEmpty() ? "Every required member has committed; the team waits for its place."
                        : "The team takes its place when these members have committed: "
                                + String.join(", ", awaited.stream().map(r -> UsFormats.words(r).toLowerCase(Locale.ROOT)).toList()) + ".";
            }
            case CONFIRMED -> "The team has its place at the convening" + (team.confirmedAt() == null ? "." : " since " + UsFormats.date(team.confirmedAt()) + ".");
            case WAITLISTED -> "The convening is full; the team is promoted when a confirmed team cancels.";
            case CANCELLED -> "The team withdrew" + (team.cancelledAt() == null ? "." : " on " + UsFormats.date(team.cancelledAt()) + ".");
        };
    }

    private static String commitments(Team team) {
        long committed = team.members().stream().filter(Member::committed).count();
        return committed + " of " + team.members().size() + " members committed";
    }

    private static String when(Convening c) {
        return c.city() + ", " + UsFormats.date(c.startsOn()) + " to " + UsFormats.date(c.endsOn());
    }
}
