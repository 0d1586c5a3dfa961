package org.lmc.contracts.registration;

/**
 * The organisation a team represents, as the team lifecycle events carry it: kind DISTRICT (orgId = 7-digit
 * NCES LEA id) or STATE (orgId = USPS code).
 */
public record TeamOrganisation(String kind, String orgId, String name, String state) {
}
