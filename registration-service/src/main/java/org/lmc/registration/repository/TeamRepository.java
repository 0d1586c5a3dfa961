package org.lmc.registration.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.lmc.registration.domain.Team;

@ApplicationScoped
public class TeamRepository implements PanacheRepositoryBase<Team, UUID> {

    public boolean existsFor(UUID conveningId, String orgId) {
        return count("conveningId = ?1 and organisation.orgId = ?2", conveningId, orgId) > 0;
    }
}
