package org.lmc.funding.domain;

/** Whether an official travelled on school time or on their own leave: the public asks. */
public enum DutyStatus {
    OFFICIAL_DUTY, PERSONAL_LEAVE
}
