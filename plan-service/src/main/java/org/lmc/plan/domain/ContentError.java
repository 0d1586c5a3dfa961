package org.lmc.plan.domain;

/** One fault in a plan's content: the JSON path of the field (e.g. {@code principles[0].goals[1].title}) and what is wrong. */
public record ContentError(String field, String message) {
}
