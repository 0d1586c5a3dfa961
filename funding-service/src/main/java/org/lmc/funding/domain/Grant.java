package org.lmc.funding.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import org.lmc.web.ProblemException;

/**
 * A funder's grant for one convening, of one kind. Its terms (budget, estimate per traveller, caps) are fixed once money
 * moved on it; only its title and its place in the draw order may change after that.
 */
public record Grant(UUID id, String funderId, UUID conveningId, GrantKind kind, String title, String currency, long budgetCents,
        Long estimateCents, Long travellerCapCents, Map<Category, Long> categoryCaps, int drawOrder, int version,
        String createdBy, Instant createdAt) {

    public Grant {
        categoryCaps = Map.copyOf(categoryCaps);
    }

    /** The terms an admin sets, checked against the kind's rules. */
    public record Terms(String title, String currency, long budgetCents, Long estimateCents, Long travellerCapCents,
            Map<Category, Long> categoryCaps, int drawOrder) {

        /** Checks the terms for a grant of {@code kind}; 400/422 name the field at fault. */
        public Terms checkedFor(GrantKind kind) {
            if (!Money.isIsoCurrency(currency)) {
                throw ProblemException.invalid("currency", "must be an ISO 4217 code such as USD");
            }
            Money.requirePositive(budgetCents, "budgetCents");
            if (kind.paysTravellers()) {
                if (estimateCents == null) {
                    throw ProblemException.rule("estimate-required", "estimatedCostPerTravellerCents",
                            "a travel grant states the estimated cost of one traveller");
                }
                Money.requirePositive(estimateCents, "estimatedCostPerTravellerCents");
                if (estimateCents > budgetCents) {
                    throw ProblemException.rule("estimate-over-budget", "estimatedCostPerTravellerCents",
                            "one traveller's estimate exceeds the whole budget");
                }
                if (travellerCapCents != null) {
                    Money.requirePositive(travellerCapCents, "capPerTravellerCents");
                }
            } else {
                if (estimateCents != null) {
                    throw ProblemException.rule("no-travellers-on-event-cost", "estimatedCostPerTravellerCents",
                            "a federal event-cost grant pays vendors, not travellers");
                }
                if (travellerCapCents != null) {
                    throw ProblemException.rule("no-travellers-on-event-cost", "capPerTravellerCents",
                            "a federal event-cost grant pays vendors, not travellers");
                }
            }
            for (Map.Entry<Category, Long> cap : categoryCaps.entrySet()) {
                requireKindAllows(kind, cap.getKey(), "capsPerCategory." + cap.getKey());
                Money.requirePositive(cap.getValue(), "capsPerCategory." + cap.getKey());
            }
            if (drawOrder < 0) {
                throw ProblemException.invalid("drawOrder", "must be 0 or more");
            }
            return new Terms(title.strip(), currency, budgetCents, estimateCents, travellerCapCents, new TreeMap<>(categoryCaps), drawOrder);
        }

        boolean sameMoneyTerms(Grant grant) {
            return currency.equals(grant.currency) && budgetCents == grant.budgetCents && Objects.equals(estimateCents, grant.estimateCents)
                    && Objects.equals(travellerCapCents, grant.travellerCapCents) && categoryCaps.equals(grant.categoryCaps);
        }
    }

    public static Grant create(UUID id, String funderId, UUID conveningId, GrantKind kind, Terms terms, String createdBy, Instant now) {
        Terms t = terms.checkedFor(kind);
        return new Grant(id, funderId, conveningId, kind, t.title(), t.currency(), t.budgetCents(), t.estimateCents(),
                t.travellerCapCents(), t.categoryCaps(), t.drawOrder(), 1, createdBy, now);
    }

    /**
     * The grant with new terms. Once money moved (any entry beyond the opening one), changing the money terms is a 409:
     * they would rewrite what reservations and approvals were decided under.
     */
    public Grant revise(Terms terms, boolean moneyMoved) {
        Terms t = terms.checkedFor(kind);
        if (moneyMoved && !t.sameMoneyTerms(this)) {
            throw ProblemException.conflict("grant-has-money-movements", "money already moved on grant " + id
                    + "; its currency, budget, estimate and caps are fixed (title and draw order may change)");
        }
        return new Grant(id, funderId, conveningId, kind, t.title(), t.currency(), t.budgetCents(), t.estimateCents(),
                t.travellerCapCents(), t.categoryCaps(), t.drawOrder(), version + 1, createdBy, createdAt);
    }

    /** 422 when a category belongs to the other kind of money. */
    public void requireAllows(Category category, String field) {
        requireKindAllows(kind, category, field);
    }

    static void requireKindAllows(GrantKind kind, Category category, String field) {
        if (!kind.allows(category)) {
            throw ProblemException.rule("category-not-allowed-for-grant-kind", field, category + " is not paid by a " + kind
                    + " grant (it pays " + kind.categories() + ")");
        }
    }

    /**
     * 422 when approving {@code amount} would take a traveller or a category past its cap, given what was already
     * approved or paid.
     */
    public void requireWithinCaps(Category category, long amount, long travellerSoFar, long categorySoFar) {
        if (travellerCapCents != null && travellerSoFar + amount > travellerCapCents) {
            throw ProblemException.rule("over-traveller-cap", "amountCents", "the traveller would receive "
                    + (travellerSoFar + amount) + " cents, over the grant's cap of " + travellerCapCents + " per traveller");
        }
        Long categoryCap = categoryCaps.get(category);
        if (categoryCap != null && categorySoFar + amount > categoryCap) {
            throw ProblemException.rule("over-category-cap", "amountCents", category + " would total " + (categorySoFar + amount)
                    + " cents, over the grant's cap of " + categoryCap);
        }
    }
}
