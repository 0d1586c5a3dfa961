package org.lmc.contracts.funding;

import java.util.List;

/** Versioned types ({@code ce_type}) of the events funding-service emits on {@code lmc.funding.events}. */
public final class FundingEventTypes {
    public static final String GRANT_CREATED_V1 = "org.lmc.funding.grant-created.v1";
    public static final String ENTITLEMENT_RESERVED_V1 = "org.lmc.funding.entitlement-reserved.v1";
    public static final String ENTITLEMENT_UNFUNDED_V1 = "org.lmc.funding.entitlement-unfunded.v1";
    public static final String ENTITLEMENT_RELEASED_V1 = "org.lmc.funding.entitlement-released.v1";
    public static final String CLAIM_SUBMITTED_V1 = "org.lmc.funding.claim-submitted.v1";
    public static final String CLAIM_APPROVED_V1 = "org.lmc.funding.claim-approved.v1";
    public static final String CLAIM_REJECTED_V1 = "org.lmc.funding.claim-rejected.v1";
    public static final String INVOICE_RECORDED_V1 = "org.lmc.funding.invoice-recorded.v1";
    public static final String INVOICE_APPROVED_V1 = "org.lmc.funding.invoice-approved.v1";
    public static final String INVOICE_REJECTED_V1 = "org.lmc.funding.invoice-rejected.v1";
    public static final String PAYMENT_MADE_V1 = "org.lmc.funding.payment-made.v1";

    public static final List<String> ALL = List.of(GRANT_CREATED_V1, ENTITLEMENT_RESERVED_V1, ENTITLEMENT_UNFUNDED_V1,
            ENTITLEMENT_RELEASED_V1, CLAIM_SUBMITTED_V1, CLAIM_APPROVED_V1, CLAIM_REJECTED_V1, INVOICE_RECORDED_V1,
            INVOICE_APPROVED_V1, INVOICE_REJECTED_V1, PAYMENT_MADE_V1);

    private FundingEventTypes() {
    }
}
