package org.lmc.funding.domain;

import org.lmc.web.ProblemException;

/** Four eyes: whoever submitted or recorded a claim or invoice never decides on it, whatever their roles. */
public final class MakerChecker {
    private MakerChecker() {
    }

    public static void requireOtherThanMaker(String makerSubject, String checkerSubject) {
        if (makerSubject.equals(checkerSubject)) {
            throw new ProblemException(403, "maker-checker", "Forbidden", "whoever submitted it cannot approve or reject it; "
                    + "another authorised person must", java.util.List.of());
        }
    }
}
