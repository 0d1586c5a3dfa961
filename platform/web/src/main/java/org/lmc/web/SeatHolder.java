package org.lmc.web;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Acting in person for a seat that belongs to one person: a team member's commitment, a plan signer's signature, a
 * traveller's claim, a recipient's inbox and preferences. The seat is named by an email; the first person to act for
 * it with that email <em>verified</em> by the identity provider binds it to their token subject ({@code sub}), and
 * afterwards only that subject acts for it, whatever email another account later shows. Whoever manages the seat
 * releases the binding by replacing the person (the service clears the stored subject).
 *
 * <p>Every refusal is a 403 problem with its own type, so a client can tell the person what to do:
 * {@code urn:lmc:problem:email-not-verified}, {@code urn:lmc:problem:identity-bound}, {@code urn:lmc:problem:forbidden}.
 */
public final class SeatHolder {
    public static final String EMAIL_NOT_VERIFIED = "email-not-verified";
    public static final String IDENTITY_BOUND = "identity-bound";

    private SeatHolder() {
    }

    /**
     * Checks that the caller is the seat's person and returns the subject the seat is bound to from now on: the
     * bound one, or the caller's when the seat was unbound (store it). Refuses with 403 otherwise.
     *
     * @param seatEmail the seat's email
     * @param boundSubject the subject the seat is bound to, or null while unbound
     * @param seat how refusals name the seat, e.g. {@code "member 5e8d..."}
     */
    public static String requireHolder(Caller caller, String seatEmail, String boundSubject, String seat) {
        // Only the token's own subject binds: a name or email fallback could be another person's tomorrow.
        String subject = caller.tokenSubject().orElseThrow(() -> ProblemException.forbidden("the token has no subject (sub);"
                + " acting for " + seat + " in person needs one"));
        if (boundSubject != null) {
            if (boundSubject.equals(subject)) {
                return boundSubject;
            }
            if (sameEmail(caller.verifiedEmail().orElse(null), seatEmail)) {
                throw new ProblemException(403, IDENTITY_BOUND, "Forbidden", seat + " is bound to the account that first acted"
                        + " for it; another account with the same email cannot act for it (replacing the member releases it)",
                        List.of());
            }
            throw notTheHolder(seat);
        }
        if (sameEmail(caller.email().orElse(null), seatEmail) && !caller.emailVerified()) {
            throw new ProblemException(403, EMAIL_NOT_VERIFIED, "Forbidden", "the token's email is not verified by the identity"
                    + " provider; verify it there before acting for " + seat, List.of());
        }
        if (!sameEmail(caller.verifiedEmail().orElse(null), seatEmail)) {
            throw notTheHolder(seat);
        }
        return subject;
    }

    /**
     * Whether {@link #requireHolder} would let the caller act for the seat: for a page that offers the action (a
     * Commit or Sign button) to its person only. The action itself still goes through {@code requireHolder}.
     */
    public static boolean isHolder(Caller caller, String seatEmail, String boundSubject) {
        Optional<String> subject = caller.tokenSubject();
        if (subject.isEmpty()) {
            return false;
        }
        return boundSubject == null ? sameEmail(caller.verifiedEmail().orElse(null), seatEmail) : boundSubject.equals(subject.get());
    }

    private static ProblemException notTheHolder(String seat) {
        return ProblemException.forbidden(seat + " is acted for only by its own person (the token's verified email must be"
                + " the seat's); staff may record it for them");
    }

    private static boolean sameEmail(String a, String b) {
        return a != null && b != null && a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
    }
}
