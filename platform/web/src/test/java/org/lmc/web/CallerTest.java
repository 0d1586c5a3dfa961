package org.lmc.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The read rule fails closed: only listed roles read everything, a district user its own organisation, others nothing. */
class CallerTest {

    private static Optional<String> scope(Set<String> roles, String orgId, Set<String> readAll) {
        return Caller.readScope(roles::contains, Optional.ofNullable(orgId), readAll);
    }

    @Test
    void theRolesThatReadEveryOrganisationAreAnExplicitList() {
        assertThat(Caller.READS_EVERY_ORGANISATION).containsExactlyInAnyOrder("admin", "agency", "funder", "auditor");
        for (String role : Caller.READS_EVERY_ORGANISATION) {
            assertThat(scope(Set.of(role), null, Caller.READS_EVERY_ORGANISATION)).as(role).isEmpty();
        }
    }

    @Test
    void aDistrictUserReadsItsOwnOrganisationAndAnyoneElseReadsNothing() {
        Set<String> all = Caller.READS_EVERY_ORGANISATION;
        assertThat(scope(Set.of("district"), "0803360", all)).contains("0803360");
        assertThat(scope(Set.of("district"), null, all)).contains(Caller.NO_ORGANISATION);
        assertThat(scope(Set.of("district"), " ", all)).contains(Caller.NO_ORGANISATION);
        assertThat(scope(Set.of("visitor"), "0803360", all)).as("a role no list names").contains(Caller.NO_ORGANISATION);
        assertThat(scope(Set.of(), null, all)).contains(Caller.NO_ORGANISATION);
        assertThat(scope(Set.of("district", "auditor"), "0803360", all)).as("a listed role wins").isEmpty();
    }

    @Test
    void aServiceNarrowsTheListForItsOwnRecords() {
        Set<String> staffOnly = Set.of("admin", "agency");
        assertThat(scope(Set.of("funder"), null, staffOnly)).contains(Caller.NO_ORGANISATION);
        assertThat(scope(Set.of("auditor"), null, staffOnly)).contains(Caller.NO_ORGANISATION);
        assertThat(scope(Set.of("agency"), null, staffOnly)).isEmpty();
    }
}
