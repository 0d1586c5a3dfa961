package org.lmc.notification.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.lmc.notification.domain.Notification;

@ApplicationScoped
public class NotificationRepository implements PanacheRepositoryBase<Notification, UUID> {

    public List<Notification> forOrganisation(String orgId, int limit) {
        return find("orgId", Sort.descending("createdAt", "id"), orgId).page(0, limit).list();
    }
}
