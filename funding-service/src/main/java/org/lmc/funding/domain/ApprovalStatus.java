package org.lmc.funding.domain;

/** Where a claim or invoice stands: submitted, then approved or rejected by someone else, then (approved only) paid. */
public enum ApprovalStatus {
    SUBMITTED, APPROVED, REJECTED, PAID
}
