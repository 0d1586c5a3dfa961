package org.lmc.funding.domain;

import java.util.Currency;
import java.util.Set;
import java.util.stream.Collectors;
import org.lmc.web.ProblemException;

/** Rules on amounts: integer cents within a sane bound, in an ISO 4217 currency. */
public final class Money {
    /** One billion dollars in cents: above any convening's budget, far below overflow when summed. */
    public static final long MAX_CENTS = 100_000_000_000L;
    private static final Set<String> ISO_CODES = Currency.getAvailableCurrencies().stream().map(Currency::getCurrencyCode)
            .collect(Collectors.toUnmodifiableSet());

    private Money() {
    }

    public static boolean isIsoCurrency(String code) {
        return code != null && ISO_CODES.contains(code);
    }

    /** A positive amount within bounds, or a 400 naming the field. */
    public static long requirePositive(long cents, String field) {
        if (cents <= 0) {
            throw ProblemException.invalid(field, "must be a positive whole number of cents");
        }
        if (cents > MAX_CENTS) {
            throw ProblemException.invalid(field, "must be at most " + MAX_CENTS + " cents");
        }
        return cents;
    }

    public static void requireCurrency(String expected, String actual, String field) {
        if (!expected.equals(actual)) {
            throw ProblemException.rule("currency-mismatch", field, "the grant is in " + expected + "; " + actual
                    + " cannot be booked on it");
        }
    }
}
