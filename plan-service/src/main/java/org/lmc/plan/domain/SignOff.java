package org.lmc.plan.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Joint labor-management sign-off. A version is endorsed once management (the superintendent; for a state team the
 * chief state school officer) and labor (the union leader) have both signed it. The board president may co-sign,
 * but that signature never stands in for either side.
 */
public final class SignOff {
    public static final String SUPERINTENDENT = "SUPERINTENDENT";
    public static final String CHIEF_STATE_SCHOOL_OFFICER = "CHIEF_STATE_SCHOOL_OFFICER";
    public static final String UNION_LEADER = "UNION_LEADER";
    public static final String BOARD_PRESIDENT = "BOARD_PRESIDENT";

    private SignOff() {
    }

    /** Management's role for a team of this kind (DISTRICT or STATE). */
    public static String managementRole(String organisationKind) {
        return "STATE".equals(organisationKind) ? CHIEF_STATE_SCHOOL_OFFICER : SUPERINTENDENT;
    }

    /** The roles whose signatures endorse a version: management, then labor. */
    public static List<String> requiredRoles(String organisationKind) {
        return List.of(managementRole(organisationKind), UNION_LEADER);
    }

    /** Whether a member in {@code role} may sign a version of a team of this kind. */
    public static boolean maySign(String role, String organisationKind) {
        return requiredRoles(organisationKind).contains(role) || BOARD_PRESIDENT.equals(role);
    }

    /** The required roles that have not signed yet; empty means endorsed. */
    public static List<String> awaitedRoles(String organisationKind, Collection<String> signedRoles) {
        List<String> awaited = new ArrayList<>(requiredRoles(organisationKind));
        awaited.removeAll(signedRoles);
        return awaited;
    }

    public static boolean endorsed(String organisationKind, Collection<String> signedRoles) {
        return awaitedRoles(organisationKind, signedRoles).isEmpty();
    }
}
