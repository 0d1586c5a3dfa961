package org.lmc.funding.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.lmc.web.ProblemException;

/** The money rules on their own: categories by kind, grant terms, caps, maker-checker, funding sources, balancing. */
class FundingRulesTest {
    static final Instant NOW = Instant.parse("2011-01-10T12:00:00Z");

    static Grant.Terms travelTerms(long budget, Long estimate, Long travellerCap, Map<Category, Long> caps) {
        return new Grant.Terms("Ford travel", "USD", budget, estimate, travellerCap, caps, 0);
    }

    static Grant fordTravel(Long travellerCap, Map<Category, Long> caps) {
        return Grant.create(UUID.randomUUID(), "ford-foundation", UUID.randomUUID(), GrantKind.FOUNDATION_TRAVEL_GRANT,
                travelTerms(75_000_000, 150_000L, travellerCap, caps), "admin", NOW);
    }

    static ProblemException problem(Runnable r) {
        try {
            r.run();
        } catch (ProblemException e) {
            return e;
        }
        throw new AssertionError("no problem raised");
    }

    @Test
    void eachCategoryBelongsToExactlyOneKind() {
        assertThat(GrantKind.FOUNDATION_TRAVEL_GRANT.categories()).containsExactlyInAnyOrder(Category.TRAVEL, Category.LODGING, Category.MEALS);
        assertThat(GrantKind.FEDERAL_EVENT_COST.categories()).containsExactlyInAnyOrder(Category.AUDIO_VISUAL, Category.PRINTING,
                Category.STAGING, Category.EVENT_STAFFING);
        for (Category c : Category.values()) {
            assertThat(c.kind().allows(c)).isTrue();
        }
    }

    @Test
    void theKindsNeverMix() {
        Grant travel = fordTravel(null, Map.of());
        ProblemException e = problem(() -> travel.requireAllows(Category.AUDIO_VISUAL, "category"));
        assertThat(e.status()).isEqualTo(422);
        assertThat(e.slug()).isEqualTo("category-not-allowed-for-grant-kind");
        assertThat(e.errors().get(0).field()).isEqualTo("category");

        Grant federal = Grant.create(UUID.randomUUID(), "us-department-of-education", UUID.randomUUID(), GrantKind.FEDERAL_EVENT_COST,
                new Grant.Terms("Production", "USD", 40_000_000, null, null, Map.of(), 0), "admin", NOW);
        assertThat(problem(() -> federal.requireAllows(Category.LODGING, "category")).slug()).isEqualTo("category-not-allowed-for-grant-kind");
        assertThat(problem(() -> Grant.create(UUID.randomUUID(), "ford-foundation", UUID.randomUUID(), GrantKind.FEDERAL_EVENT_COST,
                new Grant.Terms("x", "USD", 100, null, null, Map.of(Category.MEALS, 10L), 0), "admin", NOW)).errors().get(0).field())
                .isEqualTo("capsPerCategory.MEALS");
    }

    @Test
    void termsFollowTheKind() {
        assertThat(problem(() -> fordTravelWith(travelTerms(1000, null, null, Map.of()))).errors().get(0).field())
                .isEqualTo("estimatedCostPerTravellerCents");
        assertThat(problem(() -> fordTravelWith(travelTerms(1000, 2000L, null, Map.of()))).slug()).isEqualTo("estimate-over-budget");
        assertThat(problem(() -> Grant.create(UUID.randomUUID(), "d", UUID.randomUUID(), GrantKind.FEDERAL_EVENT_COST,
                new Grant.Terms("x", "USD", 100, 10L, null, Map.of(), 0), "admin", NOW)).slug()).isEqualTo("no-travellers-on-event-cost");
        ProblemException currency = problem(() -> fordTravelWith(new Grant.Terms("x", "XXY", 1000, 10L, null, Map.of(), 0)));
        assertThat(currency.status()).isEqualTo(400);
        assertThat(currency.errors().get(0).field()).isEqualTo("currency");
        assertThat(problem(() -> fordTravelWith(travelTerms(Money.MAX_CENTS + 1, 10L, null, Map.of()))).errors().get(0).field())
                .isEqualTo("budgetCents");
    }

    private static Grant fordTravelWith(Grant.Terms terms) {
        return Grant.create(UUID.randomUUID(), "ford-foundation", UUID.randomUUID(), GrantKind.FOUNDATION_TRAVEL_GRANT, terms, "admin", NOW);
    }

    @Test
    void capsPerTravellerAndPerCategoryHoldTheirLastCent() {
        Grant g = fordTravel(100_000L, Map.of(Category.MEALS, 30_000L));
        g.requireWithinCaps(Category.LODGING, 40_000, 60_000, 0);
        assertThat(problem(() -> g.requireWithinCaps(Category.LODGING, 40_001, 60_000, 0)).slug()).isEqualTo("over-traveller-cap");
        g.requireWithinCaps(Category.MEALS, 10_000, 0, 20_000);
        assertThat(problem(() -> g.requireWithinCaps(Category.MEALS, 10_001, 0, 20_000)).slug()).isEqualTo("over-category-cap");
    }

    @Test
    void moneyTermsAreFixedOnceMoneyMoved() {
        Grant g = fordTravel(null, Map.of());
        Grant.Terms bigger = travelTerms(80_000_000, 150_000L, null, Map.of());
        assertThat(g.revise(bigger, false).budgetCents()).isEqualTo(80_000_000);
        ProblemException e = problem(() -> g.revise(bigger, true));
        assertThat(e.status()).isEqualTo(409);
        assertThat(e.slug()).isEqualTo("grant-has-money-movements");
        Grant reordered = g.revise(new Grant.Terms("Ford travel, Denver", "USD", 75_000_000, 150_000L, null, Map.of(), 3), true);
        assertThat(reordered.drawOrder()).isEqualTo(3);
        assertThat(reordered.version()).isEqualTo(2);
    }

    @Test
    void theMakerNeverChecks() {
        MakerChecker.requireOtherThanMaker("admin", "admin-b");
        ProblemException e = problem(() -> MakerChecker.requireOtherThanMaker("admin", "admin"));
        assertThat(e.status()).isEqualTo(403);
        assertThat(e.slug()).isEqualTo("maker-checker");
    }

    @Test
    void anApprovalTakesTheReservationFirstAndNeverMoreThanIsAvailable() {
        assertThat(Funding.take(100, 150, 0)).isEqualTo(new Funding(100, 0));
        assertThat(Funding.take(200, 150, 50)).isEqualTo(new Funding(150, 50));
        assertThat(Funding.take(200, 0, 200)).isEqualTo(new Funding(0, 200));
        assertThat(problem(() -> Funding.take(201, 150, 50)).slug()).isEqualTo("insufficient-funds");
        assertThat(problem(() -> Funding.take(201, 150, 50)).status()).isEqualTo(409);
    }

    @Test
    void aJournalEntryBalancesOrCannotBeBuilt() {
        UUID grant = UUID.randomUUID();
        JournalEntry e = JournalEntry.on(grant, "CLAIM_APPROVED", "USD").move(Account.RESERVED, Account.PAYABLE, 150)
                .move(Account.AVAILABLE, Account.PAYABLE, 0).move(Account.AVAILABLE, Account.PAYABLE, 50)
                .build(JournalEntry.Trace.NONE, "m");
        assertThat(e.lines()).containsExactly(new JournalEntry.Line(Account.RESERVED, -150), new JournalEntry.Line(Account.PAYABLE, 150),
                new JournalEntry.Line(Account.AVAILABLE, -50), new JournalEntry.Line(Account.PAYABLE, 50));
        assertThatThrownBy(() -> new JournalEntry(UUID.randomUUID(), grant, "X", "USD", List.of(new JournalEntry.Line(Account.PAID, 10),
                new JournalEntry.Line(Account.PAYABLE, -9)), JournalEntry.Trace.NONE, "m")).hasMessageContaining("does not balance");
        assertThatThrownBy(() -> JournalEntry.on(grant, "X", "USD").build(JournalEntry.Trace.NONE, "m"))
                .hasMessageContaining("at least two lines");
    }

    @Test
    void aTeamGoesToTheFirstGrantInDrawOrderThatHoldsItWhole() {
        TravelAllocation.Room small = new TravelAllocation.Room(UUID.randomUUID(), 200_000, 100_000);
        TravelAllocation.Room large = new TravelAllocation.Room(UUID.randomUUID(), 1_000_000, 150_000);
        assertThat(TravelAllocation.allocate(List.of(small, large), 3)).containsExactly(large, large, large);
        assertThat(TravelAllocation.allocate(List.of(small, large), 2)).containsExactly(small, small);
        // No grant holds the whole team: traveller by traveller, in draw order; who fits nowhere is unfunded.
        TravelAllocation.Room tight = new TravelAllocation.Room(UUID.randomUUID(), 150_000, 150_000);
        assertThat(TravelAllocation.allocate(List.of(small, tight), 5)).containsExactly(small, small, tight, null, null);
        assertThat(TravelAllocation.allocate(List.of(), 2)).containsExactly(null, null);
    }

    @Test
    void theAuditChainFindsAnAlteredRow() {
        AuditRecord first = AuditRecord.next(1, AuditRecord.GENESIS, NOW, "admin", "GRANT_CREATED", "grant", "g1", "{\"a\":1}");
        AuditRecord second = AuditRecord.next(2, first.rowHash(), NOW, "funder-ford", "CLAIM_APPROVED", "claim", "c1", "{}");
        assertThat(first.brokenLink(1, AuditRecord.GENESIS)).isNull();
        assertThat(second.brokenLink(2, first.rowHash())).isNull();
        AuditRecord altered = new AuditRecord(1, NOW, "admin", "GRANT_CREATED", "grant", "g1", "{\"a\":2}", first.previousHash(),
                first.contentHash(), first.rowHash());
        assertThat(altered.brokenLink(1, AuditRecord.GENESIS)).contains("content_hash");
        assertThat(second.brokenLink(3, first.rowHash())).contains("missing");
        assertThat(second.brokenLink(2, AuditRecord.GENESIS)).contains("previous_hash");
    }
}
