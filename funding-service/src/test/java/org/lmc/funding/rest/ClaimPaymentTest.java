package org.lmc.funding.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lmc.contracts.Topics;
import org.lmc.contracts.funding.ClaimApproved;
import org.lmc.contracts.funding.ClaimSubmitted;
import org.lmc.contracts.funding.FundingEventTypes;
import org.lmc.contracts.funding.PaymentMade;
import org.lmc.contracts.registration.TeamConfirmed;
import org.lmc.contracts.registration.TeamMember;
import org.lmc.testing.EventProbe;
import org.lmc.testing.LmcTestStack;

/** Claims and invoices through maker-checker approval to payment, under concurrency, and what funders, auditors and the public read. */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "funding"))
class ClaimPaymentTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    Rows rows;

    @Inject
    DataSource dataSource;

    @BeforeEach
    void funders() {
        Fixtures.ensureFunders();
    }

    static Response pay(String token, String key, String field, Object id) {
        var request = given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"" + field + "\": \"" + id + "\"}");
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.post("/api/v1/payments");
    }

    private TeamConfirmed confirmedWithEntitlements(UUID convening, String leaId) {
        TeamConfirmed team = Fixtures.confirmedTeam(convening, leaId, 3, false);
        Fixtures.confirm(bootstrap, team);
        await().atMost(Duration.ofSeconds(30)).until(() -> rows.number("SELECT count(*) FROM entitlement WHERE team_id = '" + team.teamId()
                + "' AND status = 'RESERVED'") == 3);
        return team;
    }

    @Test
    void aTravellersClaimIsApprovedByTheGrantsFunderPaidOnceAndTracedFromLedgerToPublicTotals() {
        UUID convening = UUID.randomUUID();
        UUID ford = Fixtures.travelGrant(convening, Fixtures.FORD, 2_000_000, 150_000, 0, "\"capPerTravellerCents\": 250000");
        String leaId = Fixtures.nextLeaId();
        TeamConfirmed team = confirmedWithEntitlements(convening, leaId);
        TeamMember superintendent = team.members().get(0);
        String claimId;
        String paymentId;
        try (EventProbe probe = EventProbe.open(bootstrap, Topics.FUNDING_EVENTS)) {
            claimId = given().auth().oauth2(Fixtures.traveller(leaId, superintendent.email())).contentType(ContentType.JSON)
                    .body(Fixtures.claim(team, 0, "LODGING", 38_900, "OFFICIAL_DUTY")).post("/api/v1/claims").then().statusCode(201)
                    .body("status", equalTo("SUBMITTED")).body("grantId", equalTo(ford.toString()))
                    .body("receipt.sha256", equalTo(Fixtures.sha(38_900))).extract().path("id");
            // Staff files for another traveller; the Gates funder does not see Ford's claim; the submitter's side never approves.
            String agencyClaim = given().auth().oauth2(org.lmc.testing.TestTokens.agency()).contentType(ContentType.JSON)
                    .body(Fixtures.claim(team, 1, "TRAVEL", 41_200, "PERSONAL_LEAVE")).post("/api/v1/claims").then().statusCode(201)
                    .extract().path("id");
            given().auth().oauth2(Fixtures.funder(Fixtures.GATES)).post("/api/v1/claims/{c}/approval", claimId).then().statusCode(404);
            given().auth().oauth2(Fixtures.admin()).post("/api/v1/claims/{c}/approval", claimId).then().statusCode(403);
            given().auth().oauth2(Fixtures.funder(Fixtures.FORD)).post("/api/v1/claims/{c}/approval", claimId).then().statusCode(200)
                    .body("status", equalTo("APPROVED")).body("decidedBy", equalTo("funder-" + Fixtures.FORD));
            given().auth().oauth2(Fixtures.funder(Fixtures.FORD)).post("/api/v1/claims/{c}/approval", claimId).then().statusCode(409)
                    .body("type", equalTo("urn:lmc:problem:already-decided"));
            given().auth().oauth2(Fixtures.funder(Fixtures.FORD)).post("/api/v1/claims/{c}/approval", agencyClaim).then().statusCode(200);
            // Over the cap per traveller: 38,900 approved for the superintendent, 250,000 cap.
            String tooMuch = given().auth().oauth2(org.lmc.testing.TestTokens.agency()).contentType(ContentType.JSON)
                    .body(Fixtures.claim(team, 0, "MEALS", 211_101, "OFFICIAL_DUTY")).post("/api/v1/claims").then().statusCode(201)
                    .extract().path("id");
            given().auth().oauth2(Fixtures.funder(Fixtures.FORD)).post("/api/v1/claims/{c}/approval", tooMuch).then().statusCode(422)
                    .body("type", equalTo("urn:lmc:problem:over-traveller-cap")).body("errors[0].field", equalTo("amountCents"));
            given().auth().oauth2(Fixtures.funder(Fixtures.FORD)).contentType(ContentType.JSON).body("{\"reason\": \"over the cap per traveller\"}")
                    .post("/api/v1/claims/{c}/rejection", tooMuch).then().statusCode(200).body("status", equalTo("REJECTED"))
                    .body("decisionReason", equalTo("over the cap per traveller"));
            pay(Fixtures.admin(), null, "claimId", tooMuch).then().statusCode(409).body("type", equalTo("urn:lmc:problem:not-approved"));

            String key = "pay-" + UUID.randomUUID();
            paymentId = pay(Fixtures.admin(), key, "claimId", claimId).then().statusCode(201).body("amountCents", equalTo(38_900))
                    .extract().path("id");
            pay(Fixtures.admin(), key, "claimId", claimId).then().statusCode(201).header("Idempotent-Replayed", "true")
                    .body("id", equalTo(paymentId));
            pay(Fixtures.funder(Fixtures.FORD), "other-" + key, "claimId", claimId).then().statusCode(409)
                    .body("type", equalTo("urn:lmc:problem:already-paid"));
            pay(Fixtures.funder(Fixtures.GATES), null, "claimId", agencyClaim).then().statusCode(422).body("errors[0].field", equalTo("claimId"));
            pay(Fixtures.funder(Fixtures.FORD), null, "claimId", agencyClaim).then().statusCode(201);

            ClaimSubmitted submitted = probe.awaitType(FundingEventTypes.CLAIM_SUBMITTED_V1, team.teamId().toString()).data(ClaimSubmitted.class);
            assertThat(submitted).isEqualTo(new ClaimSubmitted(convening, team.teamId(), team.organisation(), List.of("SUPERINTENDENT"),
                    superintendent.memberId(), submitted.occurredAt(), UUID.fromString(claimId), ford, Fixtures.FORD, "LODGING", 38_900, "USD",
                    "OFFICIAL_DUTY"));
            String claim = claimId;
            ClaimApproved approved = probe.await(e -> FundingEventTypes.CLAIM_APPROVED_V1.equals(e.type())
                    && claim.equals(e.data().get("claimId").asText()), Duration.ofSeconds(30)).data(ClaimApproved.class);
            assertThat(approved.amountCents()).isEqualTo(38_900);
            PaymentMade paid = probe.await(e -> FundingEventTypes.PAYMENT_MADE_V1.equals(e.type())
                    && claim.equals(e.data().path("claimId").asText()), Duration.ofSeconds(30)).data(PaymentMade.class);
            assertThat(paid).isEqualTo(new PaymentMade(UUID.fromString(paymentId), ford, Fixtures.FORD, convening, UUID.fromString(claimId), null,
                    "LODGING", 38_900, "USD", team.teamId(), team.organisation(), List.of("SUPERINTENDENT"), superintendent.memberId(),
                    paid.occurredAt()));
            assertThat(probe.drain(Duration.ofSeconds(1)).stream().filter(e -> FundingEventTypes.PAYMENT_MADE_V1.equals(e.type())
                    && team.teamId().toString().equals(e.key())).count()).isEqualTo(2);
        }
        assertThat(rows.number("SELECT count(*) FROM payment WHERE grant_id = '" + ford + "'")).isEqualTo(2);

        // The funder's ledger traces each entry; the reconciliation holds; the CSV streams every line.
        var ledger = given().auth().oauth2(Fixtures.funder(Fixtures.FORD)).queryParam("limit", 4).get("/api/v1/grants/{g}/ledger", ford)
                .then().statusCode(200).extract().jsonPath();
        assertThat(ledger.getList("items.kind", String.class)).containsExactly("GRANT_OPENED", "ENTITLEMENT_RESERVED", "ENTITLEMENT_RESERVED",
                "ENTITLEMENT_RESERVED");
        String next = ledger.getString("next");
        var rest = given().auth().oauth2(Fixtures.auditor()).queryParam("after", next).get("/api/v1/grants/{g}/ledger", ford)
                .then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> entries = rest.getList("items");
        String paid = paymentId;
        Map<String, Object> payment = entries.stream().filter(e -> paid.equals(((Map<?, ?>) e.get("trace")).get("paymentId")))
                .findFirst().orElseThrow();
        Map<?, ?> trace = (Map<?, ?>) payment.get("trace");
        assertThat(trace.get("teamId")).isEqualTo(team.teamId().toString());
        assertThat(trace.get("orgId")).isEqualTo(leaId);
        assertThat(trace.get("traveller")).isEqualTo(superintendent.name());
        assertThat(trace.get("category")).isEqualTo("LODGING");
        assertThat(trace.get("receiptSha256")).isEqualTo(Fixtures.sha(38_900));
        assertThat(trace.get("submittedBy")).isEqualTo(superintendent.email());
        assertThat(trace.get("approvedBy")).isEqualTo("funder-" + Fixtures.FORD);
        assertThat((List<?>) payment.get("lines")).hasSize(2);

        given().auth().oauth2(Fixtures.auditor()).get("/api/v1/grants/{g}/reconciliation", ford).then().statusCode(200)
                .body("balanced", equalTo(true)).body("balances.PAID", equalTo(38_900 + 41_200))
                .body("checks.holds", org.hamcrest.Matchers.everyItem(equalTo(true)));
        String csv = given().auth().oauth2(Fixtures.funder(Fixtures.FORD)).get("/api/v1/grants/{g}/ledger.csv", ford).then().statusCode(200)
                .contentType(startsWith("text/csv")).extract().asString();
        List<String> csvLines = csv.lines().toList();
        assertThat(csvLines.get(0)).startsWith("line_id,entry_id,recorded_at,kind,account,amount_cents");
        assertThat((long) csvLines.size()).isEqualTo(1 + rows.number("SELECT count(*) FROM journal_line WHERE grant_id = '" + ford + "'"));
        assertThat(csvLines).anyMatch(l -> l.contains(",PAYMENT,PAID,38900,USD,") && l.contains(paymentId));

        // The public sees who paid how much for the team and on whose time, but no person.
        String publicTeam = given().get("/api/v1/public/teams/{t}/funding", team.teamId()).then().statusCode(200)
                .body("paid.find { it.category == 'LODGING' }.paidCents", equalTo(38_900))
                .body("paid.find { it.category == 'LODGING' }.funderName", equalTo("Ford Foundation"))
                .body("fundedTravellers", equalTo(3)).body("travellersOnOfficialDuty", equalTo(1))
                .body("travellersOnPersonalLeave", equalTo(1)).extract().asString();
        String publicConvening = given().get("/api/v1/public/convenings/{c}/funding", convening).then().statusCode(200)
                .body("totals.category", hasItem("TRAVEL")).body("byFunder[0].paidCents", equalTo(38_900 + 41_200)).extract().asString();
        for (String answer : List.of(publicTeam, publicConvening)) {
            for (TeamMember m : team.members()) {
                assertThat(answer).doesNotContain(m.name()).doesNotContain(m.email()).doesNotContain(m.memberId().toString());
            }
            assertThat(answer).doesNotContain(Fixtures.sha(38_900)).doesNotContain("Hyatt").doesNotContain("@");
        }
    }

    static <T> List<T> race(int n, Function<Integer, Callable<T>> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(task.apply(i)));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void fiftyApprovalsRacingForTheLastOfABudgetNeverOverspendAndTheMakerNeverApproves() throws Exception {
        UUID federal = Fixtures.eventGrant(UUID.randomUUID(), 1_000_000, "\"capsPerCategory\": {\"PRINTING\": 500000}");
        List<String> invoices = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            invoices.add(given().auth().oauth2(Fixtures.admin()).contentType(ContentType.JSON).body(Fixtures.invoice(federal, "AUDIO_VISUAL",
                    30_000 + i % 2)).post("/api/v1/invoices").then().statusCode(201).extract().path("id"));
        }
        given().auth().oauth2(Fixtures.admin()).post("/api/v1/invoices/{i}/approval", invoices.get(0)).then().statusCode(403)
                .body("type", equalTo("urn:lmc:problem:maker-checker"));
        List<Integer> statuses = race(50, i -> () -> given().auth().oauth2(Fixtures.adminB())
                .post("/api/v1/invoices/{i}/approval", invoices.get(i)).statusCode());
        Map<Integer, Long> counts = statuses.stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
        long approvedCents = rows.number("SELECT coalesce(sum(amount_cents), 0) FROM invoice WHERE grant_id = '" + federal
                + "' AND status = 'APPROVED'");
        assertThat(counts.keySet()).containsOnly(200, 409);
        assertThat(counts.get(200)).isEqualTo(33);
        assertThat(approvedCents).isBetween(990_000L, 1_000_000L);
        assertThat(rows.number("SELECT balance_cents FROM ledger_account WHERE grant_id = '" + federal + "' AND account = 'PAYABLE'"))
                .isEqualTo(approvedCents);
        assertThat(rows.number("SELECT balance_cents FROM ledger_account WHERE grant_id = '" + federal + "' AND account = 'AVAILABLE'"))
                .isEqualTo(1_000_000 - approvedCents);
        assertThat(rows.grantsOutOfBalance()).isZero();

        // Invoices of the other kind of money, and a cap per category, are refused.
        given().auth().oauth2(Fixtures.admin()).contentType(ContentType.JSON).body(Fixtures.invoice(federal, "LODGING", 10_000))
                .post("/api/v1/invoices").then().statusCode(422).body("type", equalTo("urn:lmc:problem:category-not-allowed-for-grant-kind"))
                .body("errors[0].field", equalTo("category"));
        UUID printing = Fixtures.eventGrant(UUID.randomUUID(), 1_000_000, "\"capsPerCategory\": {\"PRINTING\": 50000}");
        String print = given().auth().oauth2(Fixtures.admin()).contentType(ContentType.JSON).body(Fixtures.invoice(printing, "PRINTING", 50_001))
                .post("/api/v1/invoices").then().statusCode(201).extract().path("id");
        given().auth().oauth2(Fixtures.adminB()).post("/api/v1/invoices/{i}/approval", print).then().statusCode(422)
                .body("type", equalTo("urn:lmc:problem:over-category-cap"));
    }

    /**
     * Two payments of one invoice that both read it approved before either locked the grant (held here by the test):
     * once the lock is free, one pays and the other is told it is paid already, and nothing of it is written.
     */
    @Test
    void aPaymentOfAnInvoicePaidSinceItWasReadIsAnsweredAlreadyPaidAndWritesNothing() throws Exception {
        UUID federal = Fixtures.eventGrant(UUID.randomUUID(), 1_000_000, "");
        String invoice = given().auth().oauth2(Fixtures.admin()).contentType(ContentType.JSON).body(Fixtures.invoice(federal, "PRINTING", 40_000))
                .post("/api/v1/invoices").then().statusCode(201).extract().path("id");
        given().auth().oauth2(Fixtures.adminB()).post("/api/v1/invoices/{i}/approval", invoice).then().statusCode(200);
        List<Response> answers;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            holder.createStatement().execute("SELECT id FROM funding_grant WHERE id = '" + federal + "' FOR NO KEY UPDATE");
            List<Future<Response>> sent = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                String key = "read-then-paid-" + i + "-" + UUID.randomUUID();
                sent.add(pool.submit(() -> pay(Fixtures.admin(), key, "invoiceId", invoice)));
            }
            // Both read the invoice approved and now wait for the grant's lock.
            await().atMost(Duration.ofSeconds(30)).until(() -> rows.number("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    + " AND query LIKE '%FROM funding_grant WHERE id = $1 FOR NO KEY UPDATE%'") == 2);
            holder.rollback();
            answers = new ArrayList<>();
            for (Future<Response> f : sent) {
                answers.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(answers.stream().map(Response::statusCode).sorted().toList()).containsExactly(201, 409);
        Response refused = answers.stream().filter(r -> r.statusCode() == 409).findFirst().orElseThrow();
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.jsonPath().getString("type")).isEqualTo("urn:lmc:problem:already-paid");
        assertThat(rows.number("SELECT count(*) FROM payment WHERE invoice_id = '" + invoice + "'")).isEqualTo(1);
        assertThat(rows.number("SELECT count(*) FROM journal_entry WHERE invoice_id = '" + invoice + "' AND kind = 'PAYMENT'")).isEqualTo(1);
        assertThat(rows.number("SELECT balance_cents FROM ledger_account WHERE grant_id = '" + federal + "' AND account = 'PAID'"))
                .isEqualTo(40_000);
        assertThat(rows.number("SELECT count(*) FROM lmc_outbox WHERE event_type = '" + FundingEventTypes.PAYMENT_MADE_V1
                + "' AND payload::text LIKE '%" + invoice + "%'")).isEqualTo(1);
        assertThat(rows.number("SELECT count(*) FROM audit_record WHERE action = 'PAYMENT_MADE' AND details LIKE '%" + invoice + "%'"))
                .isEqualTo(1);
        assertThat(rows.grantsOutOfBalance()).isZero();
    }

    /**
     * Payments of one grant take its lock one after another, and approvals of the same grant, which take it too, are mixed
     * in: every payment and approval lands once, nothing deadlocks, the accounts equal their lines and the audit chain
     * holds.
     */
    @Test
    void thirtyPaymentsOfOneGrantAtOnceWithApprovalsMixedInEachLandOnceAndTheBooksBalance() throws Exception {
        UUID federal = Fixtures.eventGrant(UUID.randomUUID(), 10_000_000, "");
        List<String> approved = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = given().auth().oauth2(Fixtures.admin()).contentType(ContentType.JSON).body(Fixtures.invoice(federal, "STAGING",
                    10_000 + i)).post("/api/v1/invoices").then().statusCode(201).extract().path("id");
            if (i < 30) {
                given().auth().oauth2(Fixtures.adminB()).post("/api/v1/invoices/{i}/approval", id).then().statusCode(200);
                approved.add(id);
            } else {
                waiting.add(id);
            }
        }
        List<Integer> statuses = race(40, i -> () -> i < 30
                ? pay(Fixtures.admin(), "pay-" + i + "-" + UUID.randomUUID(), "invoiceId", approved.get(i)).statusCode()
                : given().auth().oauth2(Fixtures.adminB()).post("/api/v1/invoices/{i}/approval", waiting.get(i - 30)).statusCode());
        assertThat(statuses.subList(0, 30)).containsOnly(201);
        assertThat(statuses.subList(30, 40)).containsOnly(200);
        long paidCents = 30 * 10_000 + 29 * 30 / 2;
        long payableCents = 10 * 10_000 + (30 + 39) * 10 / 2;
        assertThat(rows.number("SELECT count(*) FROM payment WHERE grant_id = '" + federal + "'")).isEqualTo(30);
        assertThat(rows.number("SELECT balance_cents FROM ledger_account WHERE grant_id = '" + federal + "' AND account = 'PAID'"))
                .isEqualTo(paidCents);
        assertThat(rows.number("SELECT balance_cents FROM ledger_account WHERE grant_id = '" + federal + "' AND account = 'PAYABLE'"))
                .isEqualTo(payableCents);
        assertThat(rows.number("SELECT count(*) FROM invoice WHERE grant_id = '" + federal + "' AND status = 'PAID'")).isEqualTo(30);
        assertThat(rows.grantsOutOfBalance()).isZero();
        given().auth().oauth2(Fixtures.auditor()).get("/api/v1/audit/verification").then().statusCode(200).body("intact", equalTo(true));
    }

    @Test
    void theSamePaymentSentTwentyTimesAtOncePaysOnceWithOneKeyAndWithTwentyKeys() throws Exception {
        UUID federal = Fixtures.eventGrant(UUID.randomUUID(), 5_000_000, "");
        List<String> approved = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String id = given().auth().oauth2(Fixtures.admin()).contentType(ContentType.JSON).body(Fixtures.invoice(federal, "STAGING", 700_000))
                    .post("/api/v1/invoices").then().statusCode(201).extract().path("id");
            given().auth().oauth2(Fixtures.adminB()).post("/api/v1/invoices/{i}/approval", id).then().statusCode(200);
            approved.add(id);
        }
        String key = "one-key-" + UUID.randomUUID();
        List<Response> oneKey = race(20, i -> () -> pay(Fixtures.admin(), key, "invoiceId", approved.get(0)));
        List<String> firstAnswers = oneKey.stream().filter(r -> r.statusCode() == 201 && r.header("Idempotent-Replayed") == null)
                .map(r -> r.jsonPath().getString("id")).toList();
        assertThat(firstAnswers).hasSize(1);
        // The others replayed that answer, or were told the key was still in use.
        for (Response r : oneKey) {
            if (r.statusCode() == 201) {
                assertThat(r.jsonPath().getString("id")).isEqualTo(firstAnswers.get(0));
            } else {
                assertThat(r.statusCode()).isEqualTo(409);
                assertThat(r.jsonPath().getString("type")).isEqualTo("urn:lmc:problem:idempotency-key-in-use");
            }
        }
        List<Response> twentyKeys = race(20, i -> () -> pay(Fixtures.admin(), "key-" + i + "-" + UUID.randomUUID(), "invoiceId", approved.get(1)));
        assertThat(twentyKeys.stream().filter(r -> r.statusCode() == 201).count()).isEqualTo(1);
        assertThat(twentyKeys.stream().filter(r -> r.statusCode() == 409).map(r -> r.jsonPath().getString("type")).distinct().toList())
                .containsExactly("urn:lmc:problem:already-paid");
        assertThat(rows.number("SELECT count(*) FROM payment WHERE grant_id = '" + federal + "'")).isEqualTo(2);
        assertThat(rows.number("SELECT balance_cents FROM ledger_account WHERE grant_id = '" + federal + "' AND account = 'PAID'"))
                .isEqualTo(1_400_000);
        assertThat(rows.number("SELECT count(*) FROM journal_entry WHERE grant_id = '" + federal + "' AND kind = 'PAYMENT'")).isEqualTo(2);
    }
}
