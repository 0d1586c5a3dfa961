package org.lmc.web;

import io.quarkus.arc.ClientProxy;
import io.quarkus.oidc.runtime.OidcJwtCallerPrincipal;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling: roles and the organisation / funder claims of the bearer token. On a signed-in page (the OIDC web-app
 * tenant) the token read here is the session's ID token, which carries the same subject and the same claims (the realm
 * maps {@code org_id}, {@code funder_id}, {@code email} and {@code email_verified} into both tokens), while the roles come
 * from the session's access token ({@code roles.source=accesstoken}), as for the API.
 */
@RequestScoped
public class Caller {
    public static final String ADMIN = "admin";
    public static final String AGENCY = "agency";
    public static final String DISTRICT = "district";
    public static final String FUNDER = "funder";
    public static final String AUDITOR = "auditor";

    /**
     * The roles that read every organisation's records by default: an explicit list, so that a role added to the
     * realm later reads nothing until it is named here (or in a service's own list).
     */
    public static final Set<String> READS_EVERY_ORGANISATION = Set.of(ADMIN, AGENCY, FUNDER, AUDITOR);

    /** The organisation id that matches no record: what a caller who may read nothing is scoped to. */
    public static final String NO_ORGANISATION = "";

    private final SecurityIdentity identity;
    private final JsonWebToken token;

    Caller(SecurityIdentity identity, JsonWebToken token) {
        this.identity = identity;
        this.token = token;
    }

    public String name() {
        return identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
    }

    /** Stable id of the caller (token subject), used to scope idempotency keys and audit records. */
    public String subject() {
        return token.getSubject() != null ? token.getSubject() : name();
    }

    /** The token's own subject claim ({@code sub}), with no fallback: what a person's seat is bound to. */
    public Optional<String> tokenSubject() {
        return Optional.ofNullable(token.getSubject()).filter(s -> !s.isBlank());
    }

    public boolean is(String role) {
        return identity.hasRole(role);
    }

    public boolean isStaff() {
        return is(ADMIN) || is(AGENCY);
    }

    /** The NCES LEA id or state code a district user acts for. */
    public Optional<String> orgId() {
        return claim("org_id");
    }

    public Optional<String> funderId() {
        return claim("funder_id");
    }

    /** The token's email as it stands, verified or not: never an identity on its own (see {@link #verifiedEmail()}). */
    public Optional<String> email() {
        return claim("email");
    }

    /** True when the identity provider vouches that the token's email belongs to the caller ({@code email_verified}). */
    public boolean emailVerified() {
        return claim("email_verified").filter("true"::equals).isPresent();
    }

    /** The token's email in lower case, only when the identity provider has verified it. */
    public Optional<String> verifiedEmail() {
        return emailVerified() ? email().map(e -> e.toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    /** True when the caller may act on {@code orgId}: staff always, a district user only for its own. */
    public boolean mayActFor(String orgId) {
        return isStaff() || is(DISTRICT) && orgId().filter(orgId::equals).isPresent();
    }

    /**
     * True when the caller may see the contact details (emails) of {@code orgId}'s people: staff, and that
     * organisation's own district users. Funders, auditors and the public see names and roles only.
     */
    public boolean seesContactDetailsOf(String orgId) {
        return mayActFor(orgId);
    }

    /**
     * The one organisation whose records the caller may read, or empty when it reads them all: the roles in
     * {@link #READS_EVERY_ORGANISATION} read everything; a district user only its own organisation's; anyone else
     * (a district token without {@code org_id}, a role no list names) reads nothing ({@link #NO_ORGANISATION}).
     */
    public Optional<String> readsOnlyOrganisation() {
        return readsOnlyOrganisation(READS_EVERY_ORGANISATION);
    }

    /** As {@link #readsOnlyOrganisation()}, with the service's own list of the roles that read everything. */
    public Optional<String> readsOnlyOrganisation(Set<String> rolesThatReadAll) {
        return readScope(this::is, orgId(), rolesThatReadAll);
    }

    /** The read rule on its own: fails closed, so only the listed roles and district users read anything. */
    static Optional<String> readScope(Predicate<String> hasRole, Optional<String> orgId, Set<String> rolesThatReadAll) {
        if (rolesThatReadAll.stream().anyMatch(hasRole)) {
            return Optional.empty();
        }
        if (hasRole.test(DISTRICT)) {
            return Optional.of(orgId.filter(id -> !id.isBlank()).orElse(NO_ORGANISATION));
        }
        return Optional.of(NO_ORGANISATION);
    }

    /**
     * A claim of the token this request carries, read from quarkus-oidc's verified claims when the token is its own:
     * {@code JsonWebToken.getClaim} first looks every name up among the standard claims ({@code Claims.valueOf}), so each
     * custom claim (org_id, funder_id) cost a thrown and caught exception with its stack trace, 3-5% of a team read's CPU
     * (async-profiler, ./lmc bench).
     */
    private Optional<String> claim(String name) {
        Object value = ClientProxy.unwrap(token) instanceof OidcJwtCallerPrincipal verified ? verified.getClaims().getClaimValue(name)
                : token.getClaim(name);
        return value == null ? Optional.empty() : Optional.of(value.toString().replace("\"", ""));
    }
}
