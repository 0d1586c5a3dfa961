package org.lmc.funding.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Which travel grant reserves each traveller of a team: grants are tried in the admin's draw order; the first grant
 * that can hold the whole team takes it (one team, one funder, where it fits). Otherwise each traveller in turn goes
 * to the first grant with room for one; who fits nowhere is unfunded.
 */
public final class TravelAllocation {

    /** A travel grant's room: what is available and what one traveller is estimated to cost. */
    public record Room(UUID grantId, long availableCents, long estimateCents) {
    }

    /** The grant reserving each traveller, in the order given; null where unfunded. */
    public static List<Room> allocate(List<Room> grantsInDrawOrder, int travellers) {
        List<Room> result = new ArrayList<>(travellers);
        for (Room grant : grantsInDrawOrder) {
            if (grant.availableCents() >= grant.estimateCents() * travellers) {
                for (int i = 0; i < travellers; i++) {
                    result.add(grant);
                }
                return result;
            }
        }
        Map<UUID, Long> left = new HashMap<>();
        grantsInDrawOrder.forEach(g -> left.put(g.grantId(), g.availableCents()));
        for (int i = 0; i < travellers; i++) {
            Room chosen = null;
            for (Room grant : grantsInDrawOrder) {
                if (left.get(grant.grantId()) >= grant.estimateCents()) {
                    chosen = grant;
                    left.merge(grant.grantId(), -grant.estimateCents(), Long::sum);
                    break;
                }
            }
            result.add(chosen);
        }
        return result;
    }

    private TravelAllocation() {
    }
}
