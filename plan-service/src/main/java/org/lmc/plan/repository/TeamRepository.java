package org.lmc.plan.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.Optional;
import java.util.UUID;
import org.lmc.plan.domain.ProjectedTeam;

@ApplicationScoped
public class TeamRepository implements PanacheRepositoryBase<ProjectedTeam, UUID> {

    /** The projected team with its row locked (events of one team arrive in order, but a signature may race them). */
    public Optional<ProjectedTeam> lock(UUID teamId) {
        return findByIdOptional(teamId, LockModeType.PESSIMISTIC_WRITE);
    }
}
