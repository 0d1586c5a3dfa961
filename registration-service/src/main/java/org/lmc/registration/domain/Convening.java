package org.lmc.registration.domain;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.lmc.web.ProblemException;

/**
 * A convening teams register for. Team kinds and role slots are data, so Denver 2011 (district teams of
 * three, five when presenting) and Cincinnati 2012 (district and state teams) need no code of their own.
 * Its row is the lock that serialises every change of a team's place (confirmed, waitlisted, promoted).
 * Never changed once created: immutable to Hibernate, which then keeps no snapshot of its JSON columns to
 * dirty-check on the registrations that read it, and kept in the second-level cache: a registration reads it
 * without a round trip.
 */
@Entity
@Immutable
@Cacheable
@Table(name = "convening")
public class Convening {
    @Id
    private UUID id;
    private String title;
    private String city;
    @Column(name = "starts_on")
    private LocalDate startsOn;
    @Column(name = "ends_on")
    private LocalDate endsOn;
    @Column(name = "capacity_teams")
    private int capacityTeams;
    @Column(name = "registration_opens_at")
    private Instant registrationOpensAt;
    @Column(name = "registration_closes_at")
    private Instant registrationClosesAt;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "team_kinds")
    private List<OrganisationKind> teamKinds;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "required_roles")
    private Map<OrganisationKind, List<String>> requiredRoles;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "optional_roles")
    private List<String> optionalRoles;
    @Column(name = "max_team_size")
    private int maxTeamSize;
    @Column(name = "max_presenting_team_size")
    private int maxPresentingTeamSize;
    @Column(name = "created_by")
    private String createdBy;
    @Column(name = "created_at")
    private Instant createdAt;
    @Version
    private long version;

    protected Convening() {
    }

    /** Everything a convening is defined by, as an admin states it. */
    public record Definition(String title, String city, LocalDate startsOn, LocalDate endsOn, int capacityTeams,
            Instant registrationOpensAt, Instant registrationClosesAt, List<OrganisationKind> teamKinds,
            Map<OrganisationKind, List<String>> requiredRoles, List<String> optionalRoles, int maxTeamSize,
            int maxPresentingTeamSize) {
    }

    public static Convening create(Definition d, String createdBy, Instant now) {
        if (d.endsOn().isBefore(d.startsOn())) {
            throw ProblemException.rule("convening-dates-invalid", "endsOn",
                    "endsOn " + d.endsOn() + " is before startsOn " + d.startsOn());
        }
        if (!d.registrationOpensAt().isBefore(d.registrationClosesAt())) {
            throw ProblemException.rule("registration-window-invalid", "registrationClosesAt",
                    "registrationClosesAt " + d.registrationClosesAt() + " must be after registrationOpensAt " + d.registrationOpensAt());
        }
        Set<OrganisationKind> kinds = new LinkedHashSet<>(d.teamKinds());
        if (kinds.isEmpty()) {
            throw ProblemException.rule("no-team-kinds", "teamKinds", "teamKinds: a convening admits at least one kind of team");
        }
        if (!kinds.equals(d.requiredRoles().keySet())) {
            throw ProblemException.rule("required-roles-mismatch", "requiredRoles",
                    "requiredRoles must name the required roles of exactly the allowed team kinds " + kinds
                            + ", got " + d.requiredRoles().keySet());
        }
        Map<OrganisationKind, List<String>> required = new EnumMap<>(OrganisationKind.class);
        for (OrganisationKind kind : kinds) {
            List<String> roles = d.requiredRoles().get(kind);
            if (new HashSet<>(roles).size() != roles.size()) {
                throw ProblemException.rule("required-role-repeated", "requiredRoles." + kind,
                        "requiredRoles." + kind + " names a role twice: " + roles);
            }
            if (roles.size() > d.maxTeamSize()) {
                throw ProblemException.rule("team-size-below-required-roles", "maxTeamSize",
                        "maxTeamSize " + d.maxTeamSize() + " leaves no room for the " + roles.size() + " required roles of a " + kind + " team");
            }
            required.put(kind, List.copyOf(roles));
        }
        if (d.maxPresentingTeamSize() < d.maxTeamSize()) {
            throw ProblemException.rule("presenting-size-below-team-size", "maxPresentingTeamSize",
                    "maxPresentingTeamSize " + d.maxPresentingTeamSize() + " is below maxTeamSize " + d.maxTeamSize());
        }
        Convening c = new Convening();
        c.id = UUID.randomUUID();
        c.title = d.title().strip();
        c.city = d.city().strip();
        c.startsOn = d.startsOn();
        c.endsOn = d.endsOn();
        c.capacityTeams = d.capacityTeams();
        c.registrationOpensAt = d.registrationOpensAt();
        c.registrationClosesAt = d.registrationClosesAt();
        c.teamKinds = List.copyOf(kinds);
        c.requiredRoles = required;
        c.optionalRoles = List.copyOf(new LinkedHashSet<>(d.optionalRoles()));
        c.maxTeamSize = d.maxTeamSize();
        c.maxPresentingTeamSize = d.maxPresentingTeamSize();
        c.createdBy = createdBy;
        c.createdAt = now;
        return c;
    }

    /** Registration is accepted from registrationOpensAt (inclusive) until registrationClosesAt (exclusive). */
    public void checkRegistrationOpen(Instant now) {
        if (now.isBefore(registrationOpensAt)) {
            throw ProblemException.rule("registration-not-open", null,
                    "registration for convening " + id + " opens at " + registrationOpensAt);
        }
        if (!now.isBefore(registrationClosesAt)) {
            throw ProblemException.rule("registration-closed", null,
                    "registration for convening " + id + " closed at " + registrationClosesAt);
        }
    }

    /**
     * The role-slot rules for a team of {@code kind}: the kind is allowed, each required role is held by
     * exactly one member, every other role is an optional one, and the team is within its size limit.
     */
    public void checkTeam(OrganisationKind kind, List<String> memberRoles, boolean presenting) {
        if (!teamKinds.contains(kind)) {
            throw ProblemException.rule("team-kind-not-allowed", "organisation.kind",
                    "convening " + id + " admits " + teamKinds + " teams, not " + kind);
        }
        List<String> required = requiredRolesOf(kind);
        Set<String> seenRequired = new HashSet<>();
        for (int i = 0; i < memberRoles.size(); i++) {
            String role = memberRoles.get(i);
            if (required.contains(role)) {
                if (!seenRequired.add(role)) {
                    throw ProblemException.rule("required-role-repeated", "members[" + i + "].role",
                            "members[" + i + "].role " + role + " is already held by another member; each required role has one member");
                }
            } else if (!optionalRoles.contains(role)) {
                throw ProblemException.rule("role-not-allowed", "members[" + i + "].role",
                        "members[" + i + "].role " + role + " is not a role of this convening; a " + kind
                                + " team has " + required + " and may add " + optionalRoles);
            }
        }
        List<String> missing = new ArrayList<>(required);
        missing.removeAll(seenRequired);
        if (!missing.isEmpty()) {
            throw ProblemException.rule("required-role-missing", "members",
                    "members: a " + kind + " team needs a member in each required role; missing " + missing);
        }
        int limit = presenting ? maxPresentingTeamSize : maxTeamSize;
        if (memberRoles.size() > limit) {
            throw ProblemException.rule("team-too-large", "members",
                    "members: a " + (presenting ? "presenting " : "") + "team has at most " + limit + " members, got " + memberRoles.size());
        }
    }

    /** Members are replaced only before the convening; its dates carry no zone, so its start is judged in UTC. */
    public void checkNotStarted(Instant now) {
        if (!now.isBefore(startsOn.atStartOfDay(ZoneOffset.UTC).toInstant())) {
            throw ProblemException.rule("convening-started", null,
                    "convening " + id + " started on " + startsOn + "; its teams' members can no longer be replaced");
        }
    }

    /**
     * Check-in happens at the convening: from the day before it starts to the day after it ends (UTC dates, a
     * day either side because the dates carry no zone and people arrive the evening before).
     */
    public void checkInProgress(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (today.isBefore(startsOn.minusDays(1)) || today.isAfter(endsOn.plusDays(1))) {
            throw ProblemException.rule("convening-not-in-progress", null,
                    "check-in for convening " + id + " is open from " + startsOn.minusDays(1) + " to " + endsOn.plusDays(1) + " (UTC)");
        }
    }

    /** True when a team completing now gets a place rather than the waitlist. */
    public boolean hasRoomBeside(long confirmedTeams) {
        return confirmedTeams < capacityTeams;
    }

    public List<String> requiredRolesOf(OrganisationKind kind) {
        return requiredRoles.getOrDefault(kind, List.of());
    }

    public UUID id() {
        return id;
    }

    public String title() {
        return title;
    }

    public String city() {
        return city;
    }

    public LocalDate startsOn() {
        return startsOn;
    }

    public LocalDate endsOn() {
        return endsOn;
    }

    public int capacityTeams() {
        return capacityTeams;
    }

    public Instant registrationOpensAt() {
        return registrationOpensAt;
    }

    public Instant registrationClosesAt() {
        return registrationClosesAt;
    }

    public List<OrganisationKind> teamKinds() {
        return List.copyOf(teamKinds);
    }

    public Map<OrganisationKind, List<String>> requiredRoles() {
        // An EnumMap keeps DISTRICT before STATE, whatever order the JSON column came back in.
        Map<OrganisationKind, List<String>> ordered = new EnumMap<>(OrganisationKind.class);
        ordered.putAll(requiredRoles);
        return Collections.unmodifiableMap(ordered);
    }

    public List<String> optionalRoles() {
        return List.copyOf(optionalRoles);
    }

    public int maxTeamSize() {
        return maxTeamSize;
    }

    public int maxPresentingTeamSize() {
        return maxPresentingTeamSize;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
