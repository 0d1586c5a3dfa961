package org.lmc.registration.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import org.lmc.web.ProblemException;

/**
 * The organisation a team represents. Its {@code orgId} is the NCES LEA id for a district, the USPS code
 * for a state: the value district users carry in their token's {@code org_id} claim.
 */
@Embeddable
public class Organisation {
    @Enumerated(EnumType.STRING)
    @Column(name = "org_kind")
    private OrganisationKind kind;
    @Column(name = "org_id")
    private String orgId;
    @Column(name = "org_name")
    private String name;
    @Column(name = "org_state")
    private String state;

    protected Organisation() {
    }

    private Organisation(OrganisationKind kind, String orgId, String name, String state) {
        this.kind = kind;
        this.orgId = orgId;
        this.name = name;
        this.state = state;
    }

    /** An organisation as stored: it was checked when its team registered. */
    public static Organisation stored(OrganisationKind kind, String orgId, String name, String state) {
        return new Organisation(kind, orgId, name, state);
    }

    /** A district: 7-digit NCES LEA id whose first two digits are its state's FIPS code. */
    public static Organisation district(String ncesLeaId, String name, String state) {
        String fips = UsStates.fipsOf(state).orElseThrow(() -> ProblemException.rule("unknown-state", "organisation.state",
                "organisation.state " + state + " is not a US state or territory USPS code"));
        if (ncesLeaId == null || !ncesLeaId.matches("\\d{7}")) {
            throw ProblemException.rule("malformed-nces-id", "organisation.ncesLeaId",
                    "organisation.ncesLeaId must be the 7-digit NCES LEA id, got " + ncesLeaId);
        }
        if (!ncesLeaId.startsWith(fips)) {
            throw ProblemException.rule("nces-state-mismatch", "organisation.ncesLeaId",
                    "organisation.ncesLeaId " + ncesLeaId + " belongs to FIPS state " + ncesLeaId.substring(0, 2)
                            + ", not to " + state + " (FIPS " + fips + ")");
        }
        return new Organisation(OrganisationKind.DISTRICT, ncesLeaId, name, state);
    }

    /** A state team, identified by its USPS code. */
    public static Organisation state(String state, String name) {
        UsStates.fipsOf(state).orElseThrow(() -> ProblemException.rule("unknown-state", "organisation.state",
                "organisation.state " + state + " is not a US state or territory USPS code"));
        return new Organisation(OrganisationKind.STATE, state, name, state);
    }

    public OrganisationKind kind() {
        return kind;
    }

    public String orgId() {
        return orgId;
    }

    public String name() {
        return name;
    }

    public String state() {
        return state;
    }
}
