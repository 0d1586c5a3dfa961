package org.lmc.contracts.plan;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.lmc.contracts.registration.TeamOrganisation;

/** {@code org.lmc.plan.progress-reported.v1}: a value of a measure of success was reported. */
public record ProgressReported(
        UUID planId,
        UUID conveningId,
        UUID teamId,
        TeamOrganisation organisation,
        List<String> recipientRoles,
        UUID memberId,
        Instant occurredAt,
        int versionNumber,
        UUID measureId,
        String measureName,
        BigDecimal value,
        String unit,
        LocalDate observedOn) {
}
