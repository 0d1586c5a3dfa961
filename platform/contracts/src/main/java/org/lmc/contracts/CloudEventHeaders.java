package org.lmc.contracts;

/**
 * CloudEvents 1.0 Kafka protocol binding, binary content mode: attributes travel as {@code ce_} headers,
 * the record value is the event data (JSON) and the record key is the aggregate id.
 */
public final class CloudEventHeaders {
    public static final String SPEC_VERSION_VALUE = "1.0";
    public static final String JSON = "application/json";

    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String CONTENT_TYPE = "content-type";

    /** Dead-letter records carry why they were parked, besides the original ce_ headers. */
    public static final String DLQ_REASON = "lmc_dlq_reason";
    public static final String DLQ_CONSUMER = "lmc_dlq_consumer";
    public static final String DLQ_ATTEMPTS = "lmc_dlq_attempts";
    public static final String DLQ_ORIGIN = "lmc_dlq_origin";

    private CloudEventHeaders() {
    }
}
