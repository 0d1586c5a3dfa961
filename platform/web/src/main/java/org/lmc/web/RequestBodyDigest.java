package org.lmc.web;

import jakarta.enterprise.context.RequestScoped;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SHA-256 of this request's body exactly as it arrived, taken while the body is read (see {@link BodyDigestReader}),
 * for requests carrying an {@code Idempotency-Key}: two bodies that deserialise alike but differ in their bytes (an
 * unknown field, another value of it) are different requests.
 */
@RequestScoped
public class RequestBodyDigest {
    private static final byte[] EMPTY = newDigest().digest();
    private byte[] digest;

    void set(byte[] digest) {
        this.digest = digest;
    }

    /** The digest of the body; that of no bytes when the request had none (or none was read). */
    byte[] value() {
        return digest == null ? EMPTY : digest;
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
