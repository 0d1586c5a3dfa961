package org.lmc.notification.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.lmc.notification.domain.InboxItem;
import org.lmc.notification.repository.InboxRepository;
import org.lmc.web.Caller;
import org.lmc.web.Cursor;
import org.lmc.web.ProblemException;

/**
 * An organisation's inbox as its readers may see it, for the API and the district portal alike: a district user reads
 * and marks its own organisation's notifications, staff name the organisation; another organisation's inbox or
 * notification does not exist for a district user (404).
 */
@ApplicationScoped
public class Inbox {
    private final InboxRepository inbox;

    Inbox(InboxRepository inbox) {
        this.inbox = inbox;
    }

    /** The organisation whose inbox the caller reads: {@code orgId} when they may, or a district user's own (see {@link OrganisationScope}). */
    public String organisation(Caller caller, String orgId) {
        return OrganisationScope.of(caller, orgId, "inbox of organisation");
    }

    /** Up to {@code max} notifications of {@code orgId}, newest first (only unread ones when {@code unread} is true), after {@code cursor}. */
    public List<InboxItem> page(String orgId, Boolean unread, Cursor cursor, int max) {
        return inbox.page(orgId, unread, cursor, max);
    }

    public long unreadCount(String orgId) {
        return inbox.unreadCount(orgId);
    }

    /** Marks a notification of an organisation the caller acts for read; again, nothing changes (the first read time stays). */
    public InboxItem markRead(UUID id, Caller caller) {
        InboxItem item = inbox.find(id).filter(n -> caller.mayActFor(n.orgId())).orElseThrow(() -> ProblemException.notFound("notification", id));
        return inbox.markRead(item.id(), Instant.now()).orElseThrow();
    }
}
