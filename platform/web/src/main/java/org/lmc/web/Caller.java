package org.lmc.web;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who is calling: roles and the organisation / funder claims of the bearer token. */
@RequestScoped
public class Caller {
    public static final String ADMIN = "admin";
    public static final String AGENCY = "agency";
    public static final String DISTRICT = "district";
    public static final String FUNDER = "funder";
    public static final String AUDITOR = "auditor";

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

    public Optional<String> email() {
        return claim("email");
    }

    /** True when the caller may act on {@code orgId}: staff always, a district user only for its own. */
    public boolean mayActFor(String orgId) {
        return isStaff() || is(DISTRICT) && orgId().filter(orgId::equals).isPresent();
    }

    /**
     * The one organisation whose records the caller may read, or empty when it reads them all: staff, funders and
     * auditors read everything; a district user (with none of those roles) only its own organisation's (a district
     * token without {@code org_id} reads nothing).
     */
    public Optional<String> readsOnlyOrganisation() {
        boolean readsAll = isStaff() || is(FUNDER) || is(AUDITOR) || !is(DISTRICT);
        return readsAll ? Optional.empty() : Optional.of(orgId().orElse(""));
    }

    private Optional<String> claim(String name) {
        Object value = token.getClaim(name);
        return value == null ? Optional.empty() : Optional.of(value.toString().replace("\"", ""));
    }
}
