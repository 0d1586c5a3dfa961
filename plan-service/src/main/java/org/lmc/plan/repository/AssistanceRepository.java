package org.lmc.plan.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.lmc.plan.domain.AssistanceRequest;

@ApplicationScoped
public class AssistanceRepository implements PanacheRepositoryBase<AssistanceRequest, UUID> {

    public List<AssistanceRequest> ofPlan(UUID planId) {
        return list("planId = ?1 order by requestedAt, id", planId);
    }
}
