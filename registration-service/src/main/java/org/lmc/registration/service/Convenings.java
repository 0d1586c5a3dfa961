package org.lmc.registration.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.lmc.registration.domain.Convening;
import org.lmc.registration.domain.TeamStatus;
import org.lmc.registration.repository.ConveningRepository;
import org.lmc.registration.repository.TeamRepository;
import org.lmc.web.Cursor;
import org.lmc.web.ProblemException;

/** Creating and reading convenings. */
@ApplicationScoped
public class Convenings {
    private final ConveningRepository convenings;
    private final TeamRepository teams;

    Convenings(ConveningRepository convenings, TeamRepository teams) {
        this.convenings = convenings;
        this.teams = teams;
    }

    @Transactional
    public Convening create(Convening.Definition definition, String createdBy) {
        Convening convening = Convening.create(definition, createdBy, Now.instant());
        convenings.persist(convening);
        return convening;
    }

    /** A convening with how many teams hold a place and how many wait for one. */
    public record WithOccupancy(Convening convening, long confirmedTeams, long waitlistedTeams) {
    }

    /** Up to {@code max} convenings, earliest first, after the one at {@code after} (its start date and id) when given. */
    public List<WithOccupancy> page(Cursor after, int max) {
        Map<UUID, long[]> occupancy = teams.occupancy();
        List<Convening> found = after == null ? convenings.byStart(null, null, max)
                : convenings.byStart(LocalDate.ofInstant(after.time(), ZoneOffset.UTC), after.id(), max);
        return found.stream().map(c -> with(c, occupancy)).toList();
    }

    /** Where a listing continues after {@code convening}: its start date (as UTC midnight) and id. */
    public static Cursor cursorOf(Convening convening) {
        return new Cursor(convening.startsOn().atStartOfDay(ZoneOffset.UTC).toInstant(), convening.id());
    }

    public WithOccupancy find(UUID id) {
        Convening convening = convenings.findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("convening", id));
        return new WithOccupancy(convening, teams.countWithStatus(id, TeamStatus.CONFIRMED), teams.countWithStatus(id, TeamStatus.WAITLISTED));
    }

    private static WithOccupancy with(Convening convening, Map<UUID, long[]> occupancy) {
        long[] counts = occupancy.getOrDefault(convening.id(), new long[2]);
        return new WithOccupancy(convening, counts[0], counts[1]);
    }
}
