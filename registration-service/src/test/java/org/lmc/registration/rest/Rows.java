package org.lmc.registration.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import jakarta.inject.Singleton;
import javax.sql.DataSource;
import org.lmc.contracts.registration.TeamMember;
import org.lmc.contracts.registration.TeamOrganisation;
import org.lmc.testing.SqlRows;

/** What the database holds, read directly, so tests assert rows and rebuild the exact event payloads from them. */
@Singleton
final class Rows extends SqlRows {

    Rows(DataSource dataSource) {
        super(dataSource);
    }

    Instant instant(String sql) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            rs.next();
            Timestamp value = rs.getTimestamp(1);
            return value == null ? null : value.toInstant();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A team's members as its events carry them. */
    List<TeamMember> membersOf(UUID team) {
        List<TeamMember> members = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT id, name, email, role, committed_at FROM team_member WHERE team_id = ? ORDER BY position")) {
            s.setObject(1, team);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Timestamp committedAt = rs.getTimestamp(5);
                    members.add(new TeamMember(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                            committedAt == null ? null : committedAt.toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return members;
    }

    /**
     * An event's time that the database does not keep (replacement, addition, designation): it must fall within
     * the request that caused it; returned so the rest of the payload can be compared exactly.
     */
    static Instant timeWithin(JsonNode data, String field, Instant before, Instant after) {
        Instant at = Instant.parse(data.get(field).asText());
        assertThat(at).as(field).isBetween(before.truncatedTo(ChronoUnit.MICROS), after);
        return at;
    }

    /** The organisation of a team registered by {@link Fixtures#registerDistrictTeam}. */
    static TeamOrganisation fixtureDistrict(Fixtures.RegisteredTeam team) {
        return new TeamOrganisation("DISTRICT", team.orgId(), "District " + team.orgId(), "CO");
    }
}
