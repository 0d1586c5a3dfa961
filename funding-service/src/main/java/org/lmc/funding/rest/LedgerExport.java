package org.lmc.funding.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.lmc.funding.repository.Ledger;

/** A grant's ledger as a CSV download, streamed as it is read: one answer for the API and the funder's desk. */
public final class LedgerExport {
    private LedgerExport() {
    }

    /** The download of a grant the caller has already been checked to see. */
    public static Response csv(Ledger ledger, UUID grantId, int fetchSize) {
        StreamingOutput body = out -> {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
            ledger.exportCsv(grantId, writer, fetchSize);
        };
        return Response.ok(body, "text/csv").header("Content-Disposition", "attachment; filename=\"grant-" + grantId + "-ledger.csv\"")
                .build();
    }
}
