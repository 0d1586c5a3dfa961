package org.lmc.funding.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One balanced journal entry on one grant: signed lines (debit positive, credit negative) that sum to zero. The
 * database checks the same at commit; this class makes an unbalanced entry impossible to build in the first place.
 */
public record JournalEntry(UUID id, UUID grantId, String kind, String currency, List<Line> lines, Trace trace, String memo) {

    public record Line(Account account, long amountCents) {
    }

    /** What an entry is about, so that each line traces to a team, person, claim, invoice, payment. */
    public record Trace(UUID teamId, UUID memberId, UUID entitlementId, UUID claimId, UUID invoiceId, UUID paymentId) {
        public static final Trace NONE = new Trace(null, null, null, null, null, null);
    }

    public JournalEntry {
        lines = List.copyOf(lines);
        if (lines.size() < 2) {
            throw new IllegalArgumentException("a journal entry has at least two lines");
        }
        long sum = 0;
        for (Line line : lines) {
            if (line.amountCents() == 0) {
                throw new IllegalArgumentException("a journal line moves money");
            }
            sum = Math.addExact(sum, line.amountCents());
        }
        if (sum != 0) {
            throw new IllegalArgumentException("journal entry does not balance: lines sum to " + sum);
        }
    }

    /** Builds an entry out of moves; a zero move is left out. */
    public static Builder on(UUID grantId, String kind, String currency) {
        return new Builder(grantId, kind, currency);
    }

    public static final class Builder {
        private final UUID grantId;
        private final String kind;
        private final String currency;
        private final List<Line> lines = new ArrayList<>();

        private Builder(UUID grantId, String kind, String currency) {
            this.grantId = grantId;
            this.kind = kind;
            this.currency = currency;
        }

        /** Moves {@code cents} from one account to another: a credit on {@code from}, a debit on {@code to}. */
        public Builder move(Account from, Account to, long cents) {
            if (cents < 0) {
                throw new IllegalArgumentException("a move is of a positive amount");
            }
            if (cents > 0) {
                lines.add(new Line(from, -cents));
                lines.add(new Line(to, cents));
            }
            return this;
        }

        public boolean isEmpty() {
            return lines.isEmpty();
        }

        public JournalEntry build(Trace trace, String memo) {
            return new JournalEntry(UUID.randomUUID(), grantId, kind, currency, lines, trace, memo);
        }
    }
}
