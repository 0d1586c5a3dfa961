package org.lmc.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** RFC 9457 problem details, with the fields at fault when the request was invalid. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(name = "Problem", description = "RFC 9457 problem details (media type application/problem+json)")
public record Problem(
        @Schema(example = "urn:lmc:problem:validation") String type,
        @Schema(example = "The request is invalid") String title,
        @Schema(example = "422") int status,
        @Schema(example = "organisation.ncesLeaId: must be 7 digits") String detail,
        @Schema(example = "/api/v1/convenings/6f1c.../teams") String instance,
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_PREFIX = "urn:lmc:problem:";

    /** One field at fault: its JSON path in the request and what is wrong with it. */
    public record FieldError(@Schema(example = "organisation.ncesLeaId") String field,
            @Schema(example = "must be 7 digits") String message) {
    }
}
