package org.lmc.plan.domain;

/** OPEN: the team writes, signs and tracks it. CLOSED: the team was cancelled; kept, read-only. */
public enum PlanStatus { OPEN, CLOSED }
