package org.lmc.funding.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of funding-service, prefix {@code lmc.funding}. */
@ConfigMapping(prefix = "lmc.funding")
public interface FundingConfig {
    /** How many members of an ordinary team get travel funding (the three required officials). */
    @WithDefault("3")
    int fundedTravellers();

    /** How many members of a team that presents a breakout session get travel funding. */
    @WithDefault("5")
    int fundedTravellersPresenting();

    /** Rows fetched per round trip by the streamed CSV export. */
    @WithDefault("2000")
    int exportFetchSize();
}
