package org.lmc.funding.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.lmc.funding.domain.Category;
import org.lmc.funding.domain.DutyStatus;
import org.lmc.funding.domain.Expense;
import org.lmc.funding.domain.Grant;
import org.lmc.funding.domain.GrantKind;
import org.lmc.funding.domain.Money;

/** Request bodies of the funding API; amounts are whole cents, currencies ISO 4217. */
public final class FundingRequests {
    private FundingRequests() {
    }

    static final String CURRENCY = "[A-Z]{3}";
    static final String CURRENCY_MESSAGE = "must be an ISO 4217 code such as USD";

    @Schema(name = "NewFunder")
    public record NewFunder(
            @NotNull @Pattern(regexp = "[a-z0-9]+(-[a-z0-9]+)*", message = "must be a lower-case slug such as ford-foundation")
            @Size(max = 80) @Schema(examples = "ford-foundation") String id,
            @NotBlank @Size(max = 200) @Schema(examples = "Ford Foundation") String name) {
    }

    @Schema(name = "GrantTerms", description = "What an admin sets on a grant. Travel grants need estimatedCostPerTravellerCents;"
            + " event-cost grants have no traveller fields. capsPerCategory caps a category's grant-wide total.")
    public record GrantTerms(
            @NotBlank @Size(max = 200) @Schema(examples = "Travel of district teams to Denver") String title,
            @NotNull @Pattern(regexp = CURRENCY, message = CURRENCY_MESSAGE) @Schema(examples = "USD") String currency,
            @Positive @Max(Money.MAX_CENTS) @Schema(examples = "75000000") long budgetCents,
            @Positive @Max(Money.MAX_CENTS) @Schema(examples = "150000", nullable = true) Long estimatedCostPerTravellerCents,
            @Positive @Max(Money.MAX_CENTS) @Schema(examples = "200000", nullable = true) Long capPerTravellerCents,
            @Schema(nullable = true, description = "category -> cap in cents") Map<Category, @NotNull @Positive @Max(Money.MAX_CENTS) Long> capsPerCategory,
            @Min(0) @Max(1000) @Schema(examples = "1", description = "travel grants are drawn in ascending order") int drawOrder) {

        Grant.Terms terms() {
            return new Grant.Terms(title, currency, budgetCents, estimatedCostPerTravellerCents, capPerTravellerCents,
                    capsPerCategory == null ? Map.of() : capsPerCategory, drawOrder);
        }
    }

    @Schema(name = "NewGrant")
    public record NewGrant(
            @NotNull @Size(max = 80) @Schema(examples = "ford-foundation") String funderId,
            @NotNull UUID conveningId,
            @NotNull @Schema(examples = "FOUNDATION_TRAVEL_GRANT") GrantKind kind,
            @NotNull @Valid GrantTerms terms) {
    }

    @Schema(name = "Receipt", description = "Metadata of the receipt file; its SHA-256 proves which file it was")
    public record Receipt(
            @NotBlank @Size(max = 200) @Schema(examples = "United Airlines") String issuer,
            @NotNull @PastOrPresent @Schema(examples = "2011-02-14") LocalDate date,
            @NotNull @Pattern(regexp = "[0-9a-f]{64}", message = "must be 64 lower-case hex digits (SHA-256)")
            @Schema(examples = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08") String sha256) {

        Expense.Receipt toDomain() {
            return new Expense.Receipt(issuer.strip(), date, sha256);
        }
    }

    @Schema(name = "NewClaim")
    public record NewClaim(
            @NotNull UUID teamId,
            @NotNull UUID memberId,
            @NotNull @Schema(examples = "LODGING") Category category,
            @Positive @Max(Money.MAX_CENTS) @Schema(examples = "38900") long amountCents,
            @NotNull @Pattern(regexp = CURRENCY, message = CURRENCY_MESSAGE) @Schema(examples = "USD") String currency,
            @NotNull @Schema(examples = "OFFICIAL_DUTY") DutyStatus dutyStatus,
            @NotNull @Valid Receipt receipt) {
    }

    @Schema(name = "NewInvoice")
    public record NewInvoice(
            @NotNull UUID grantId,
            @NotBlank @Size(max = 200) @Schema(examples = "Mile High Audio Visual") String vendor,
            @NotNull @Schema(examples = "AUDIO_VISUAL") Category category,
            @Positive @Max(Money.MAX_CENTS) @Schema(examples = "1250000") long amountCents,
            @NotNull @Pattern(regexp = CURRENCY, message = CURRENCY_MESSAGE) @Schema(examples = "USD") String currency,
            @NotNull @Valid Receipt receipt) {
    }

    @Schema(name = "Rejection")
    public record Rejection(@NotBlank @Size(max = 500) @Schema(examples = "the receipt is for a different traveller") String reason) {
    }

    @Schema(name = "NewPayment", description = "Exactly one of claimId and invoiceId")
    public record NewPayment(@Schema(nullable = true) UUID claimId, @Schema(nullable = true) UUID invoiceId) {
    }
}
