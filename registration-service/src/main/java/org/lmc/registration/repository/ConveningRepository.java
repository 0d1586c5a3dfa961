package org.lmc.registration.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.lmc.registration.domain.Convening;

@ApplicationScoped
public class ConveningRepository implements PanacheRepositoryBase<Convening, UUID> {

    /**
     * The convening with its row locked (SELECT ... FOR UPDATE) until the transaction ends: every change of a
     * team's place in it holds this lock, so capacity and waitlist order are decided one team at a time.
     */
    public Optional<Convening> lock(UUID id) {
        return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Up to {@code max} convenings, earliest first (startsOn, id), after the one {@code startsOn, id} when given. */
    public List<Convening> byStart(LocalDate afterStartsOn, UUID afterId, int max) {
        if (afterStartsOn == null) {
            return find("order by startsOn, id").page(0, max).list();
        }
        return find("startsOn > ?1 or (startsOn = ?1 and id > ?2) order by startsOn, id", afterStartsOn, afterId).page(0, max).list();
    }
}
