package org.lmc.registration.domain;

/** A team is one district (identified by its NCES LEA id) or, from 2012, one state (by its USPS code). */
public enum OrganisationKind {
    DISTRICT, STATE
}
