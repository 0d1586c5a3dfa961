package org.lmc.funding.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.lmc.contracts.funding.EntitlementReleased;
import org.lmc.contracts.funding.EntitlementReserved;
import org.lmc.contracts.funding.EntitlementUnfunded;
import org.lmc.contracts.funding.FundingEventTypes;
import org.lmc.funding.config.FundingConfig;
import org.lmc.funding.domain.Account;
import org.lmc.funding.domain.Entitlement;
import org.lmc.funding.domain.Grant;
import org.lmc.funding.domain.JournalEntry;
import org.lmc.funding.domain.Team;
import org.lmc.funding.domain.TravelAllocation;
import org.lmc.funding.repository.AuditTrail;
import org.lmc.funding.repository.EntitlementRepository;
import org.lmc.funding.repository.GrantRepository;
import org.lmc.funding.repository.Ledger;
import org.lmc.funding.repository.TeamRepository;
import org.lmc.messaging.Outbox;
import org.lmc.messaging.PendingEvent;

/**
 * Travel entitlements, driven by registration's events (inside the inbox's transaction): a confirmed team's travellers
 * are reserved on the convening's travel grants; a cancelled team's unspent reservations go back; a replaced member's
 * entitlement stays with the slot and follows the new person. Each step looks at what already exists, so even the
 * same confirmation delivered under two event ids reserves once.
 */
@ApplicationScoped
public class TeamFunding {
    static final String SYSTEM_ACTOR = "registration-events";

    private final TeamRepository teams;
    private final GrantRepository grants;
    private final EntitlementRepository entitlements;
    private final Ledger ledger;
    private final AuditTrail audit;
    private final Outbox outbox;
    private final FundingConfig config;

    TeamFunding(TeamRepository teams, GrantRepository grants, EntitlementRepository entitlements, Ledger ledger, AuditTrail audit,
            Outbox outbox, FundingConfig config) {
        this.teams = teams;
        this.grants = grants;
        this.entitlements = entitlements;
        this.ledger = ledger;
        this.audit = audit;
        this.outbox = outbox;
        this.config = config;
    }

    /** Keeps the projection current (registration, additions, designations) without moving money. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void remember(Team team) {
        teams.upsert(team);
    }

    /** The team holds a place: reserve travel for each funded traveller who has no live entitlement yet. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void reserve(Team team, Instant at) {
        teams.upsert(team);
        Set<UUID> covered = entitlements.liveOf(team.id()).stream().map(Entitlement::memberId).collect(Collectors.toSet());
        List<Team.Member> travellers = team.fundedTravellers(config.fundedTravellers(), config.fundedTravellersPresenting()).stream()
                .filter(m -> !covered.contains(m.memberId())).toList();
        if (travellers.isEmpty()) {
            return;
        }
        List<Grant> inDrawOrder = grants.lockTravelGrants(team.conveningId());
        Map<UUID, Grant> byId = new HashMap<>();
        List<TravelAllocation.Room> rooms = new ArrayList<>();
        for (Grant g : inDrawOrder) {
            byId.put(g.id(), g);
            rooms.add(new TravelAllocation.Room(g.id(), grants.balances(g.id()).getOrDefault(Account.AVAILABLE, 0L), g.estimateCents()));
        }
        List<TravelAllocation.Room> allocation = TravelAllocation.allocate(rooms, travellers.size());
        List<PendingEvent> events = new ArrayList<>();
        for (int i = 0; i < travellers.size(); i++) {
            Team.Member member = travellers.get(i);
            TravelAllocation.Room room = allocation.get(i);
            UUID entitlementId = UUID.randomUUID();
            if (room == null) {
                entitlements.insert(new Entitlement(entitlementId, team.id(), member.memberId(), null, Entitlement.UNFUNDED, 0, 0, 0, null));
                String reason = inDrawOrder.isEmpty() ? "the convening has no travel grant" : "no travel grant of the convening has room for"
                        + " this traveller's estimated cost";
                Addressing to = Addressing.of(team, member.memberId());
                events.add(new PendingEvent(FundingEventTypes.ENTITLEMENT_UNFUNDED_V1, team.id().toString(), new EntitlementUnfunded(
                        team.conveningId(), team.id(), to.organisation(), to.recipientRoles(), member.memberId(), at, entitlementId, reason)));
                audit.append(SYSTEM_ACTOR, "ENTITLEMENT_UNFUNDED", "entitlement", entitlementId.toString(), Map.of("teamId",
                        team.id().toString(), "memberId", member.memberId().toString(), "reason", reason));
                continue;
            }
            Grant grant = byId.get(room.grantId());
            entitlements.insert(new Entitlement(entitlementId, team.id(), member.memberId(), grant.id(), Entitlement.RESERVED,
                    grant.estimateCents(), 0, 0, grant.currency()));
            reserved(team, member, grant, entitlementId, at, events);
        }
        outbox.publishAll(events);
    }

    /** The ledger entry, event and audit record of a traveller's reservation on {@code grant} (the row is the caller's). */
    private void reserved(Team team, Team.Member member, Grant grant, UUID entitlementId, Instant at, List<PendingEvent> events) {
        long amount = grant.estimateCents();
        ledger.post(JournalEntry.on(grant.id(), "ENTITLEMENT_RESERVED", grant.currency())
                .move(Account.AVAILABLE, Account.RESERVED, amount)
                .build(new JournalEntry.Trace(team.id(), member.memberId(), entitlementId, null, null, null),
                        "travel reserved for " + member.role() + " of " + team.orgName()), SYSTEM_ACTOR, at);
        Addressing to = Addressing.of(team, member.memberId());
        events.add(new PendingEvent(FundingEventTypes.ENTITLEMENT_RESERVED_V1, team.id().toString(), new EntitlementReserved(
                team.conveningId(), team.id(), to.organisation(), to.recipientRoles(), member.memberId(), at, entitlementId, grant.id(),
                grant.funderId(), amount, grant.currency())));
        audit.append(SYSTEM_ACTOR, "ENTITLEMENT_RESERVED", "entitlement", entitlementId.toString(), Map.of("teamId",
                team.id().toString(), "memberId", member.memberId().toString(), "grantId", grant.id().toString(), "amountCents", amount));
    }

    /**
     * Money went back to the convening's travel grants: travellers of confirmed teams still waiting (UNFUNDED, oldest
     * first) are reserved now, as far as the grants have room, in draw order. The caller holds the grants' locks.
     */
    private void fundWaiting(UUID conveningId, List<Grant> inDrawOrder, Instant at, List<PendingEvent> events) {
        List<Entitlement> waiting = entitlements.lockWaiting(conveningId);
        if (waiting.isEmpty() || inDrawOrder.isEmpty()) {
            return;
        }
        Map<UUID, Grant> byId = new HashMap<>();
        List<TravelAllocation.Room> rooms = new ArrayList<>();
        for (Grant g : inDrawOrder) {
            byId.put(g.id(), g);
            rooms.add(new TravelAllocation.Room(g.id(), grants.balances(g.id()).getOrDefault(Account.AVAILABLE, 0L), g.estimateCents()));
        }
        List<TravelAllocation.Room> allocation = TravelAllocation.allocate(rooms, waiting.size());
        Map<UUID, Team> waitingTeams = new HashMap<>();
        for (int i = 0; i < waiting.size(); i++) {
            TravelAllocation.Room room = allocation.get(i);
            if (room == null) {
                continue;
            }
            Entitlement e = waiting.get(i);
            Team team = waitingTeams.computeIfAbsent(e.teamId(), id -> teams.find(id).orElseThrow());
            Team.Member member = team.member(e.memberId()).orElseThrow();
            Grant grant = byId.get(room.grantId());
            entitlements.fund(e.id(), grant.id(), grant.estimateCents(), grant.currency());
            reserved(team, member, grant, e.id(), at, events);
        }
    }

    /** The team withdrew: what each traveller's reservation still holds goes back to its grant. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void release(Team team, Instant at) {
        teams.upsert(team);
        List<Entitlement> live = entitlements.liveOf(team.id());
        // Lock order: the convening's travel grants, in id order (the team's among them), before any entitlement row; what
        // is released may fund travellers still waiting in any of them.
        List<Grant> inDrawOrder = grants.lockTravelGrants(team.conveningId());
        List<PendingEvent> events = new ArrayList<>();
        for (Entitlement stale : live) {
            Entitlement e = entitlements.lock(stale.id()).orElseThrow();
            if (Entitlement.UNFUNDED.equals(e.status())) {
                entitlements.update(new Entitlement(e.id(), e.teamId(), e.memberId(), null, Entitlement.CANCELLED, 0, 0, 0, null));
                continue;
            }
            long left = e.leftCents();
            Grant grant = grants.find(e.grantId()).orElseThrow();
            if (left > 0) {
                ledger.post(JournalEntry.on(grant.id(), "ENTITLEMENT_RELEASED", grant.currency())
                        .move(Account.RESERVED, Account.AVAILABLE, left)
                        .build(new JournalEntry.Trace(team.id(), e.memberId(), e.id(), null, null, null), "team cancelled: unspent"
                                + " reservation returned"), SYSTEM_ACTOR, at);
            }
            entitlements.update(new Entitlement(e.id(), e.teamId(), e.memberId(), e.grantId(), Entitlement.RELEASED, e.reservedCents(),
                    e.consumedCents(), e.releasedCents() + left, e.currency()));
            Addressing to = Addressing.of(team, e.memberId());
            events.add(new PendingEvent(FundingEventTypes.ENTITLEMENT_RELEASED_V1, team.id().toString(), new EntitlementReleased(
                    team.conveningId(), team.id(), to.organisation(), to.recipientRoles(), e.memberId(), at, e.id(), grant.id(),
                    grant.funderId(), left, grant.currency(), "TEAM_CANCELLED")));
            audit.append(SYSTEM_ACTOR, "ENTITLEMENT_RELEASED", "entitlement", e.id().toString(), Map.of("teamId", team.id().toString(),
                    "memberId", e.memberId().toString(), "grantId", grant.id().toString(), "amountCents", left));
        }
        fundWaiting(team.conveningId(), inDrawOrder, at, events);
        outbox.publishAll(events);
    }

    /**
     * A member slot has a new person: the entitlement belongs to the slot, so it now funds the new person (claims already
     * made keep the name of who made them). Recorded in the audit trail, with no money moved.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void replaceMember(Team team, UUID memberId, String previousEmail) {
        teams.upsert(team);
        entitlements.liveOf(team.id(), memberId).ifPresent(e -> audit.append(SYSTEM_ACTOR, "ENTITLEMENT_MOVED", "entitlement",
                e.id().toString(), Map.of("teamId", team.id().toString(), "memberId", memberId.toString(), "from", previousEmail,
                        "to", team.member(memberId).map(Team.Member::email).orElse(""))));
    }
}
