package org.lmc.funding.domain;

import org.lmc.web.ProblemException;

/**
 * Where an approved amount comes from: first the traveller's own reservation, then the grant's available money.
 * Nothing is approved that the grant cannot pay (409).
 */
public record Funding(long fromReservedCents, long fromAvailableCents) {

    public static Funding take(long amountCents, long reservationLeftCents, long availableCents) {
        long fromReserved = Math.min(amountCents, Math.max(0, reservationLeftCents));
        long fromAvailable = amountCents - fromReserved;
        if (fromAvailable > availableCents) {
            throw ProblemException.conflict("insufficient-funds", "the grant has " + availableCents + " cents available"
                    + (fromReserved > 0 ? " beside the traveller's reservation of " + fromReserved : "") + "; "
                    + amountCents + " cents cannot be approved");
        }
        return new Funding(fromReserved, fromAvailable);
    }
}
