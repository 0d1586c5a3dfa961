package org.lmc.funding.domain;

/**
 * The accounts of one grant. COMMITMENT is the funder's side of the books (a credit balance of minus the budget);
 * the other four hold the money by state, so that budget = AVAILABLE + RESERVED + PAYABLE + PAID at every commit.
 */
public enum Account {
    COMMITMENT, AVAILABLE, RESERVED, PAYABLE, PAID
}
