package org.lmc.web;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Documents what every service's API does the same way, so no resource repeats it: the problem+json answers the
 * platform gives any call (400 bad input, 401, 403, 413 on bodies), and the Idempotency-Key header of every creating
 * POST (one answering 201).
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ApiDocumentConventions implements OASFilter {
    private static final String PUBLIC_PREFIX = "/api/v1/public/";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (!path.startsWith("/api/")) {
                return;
            }
            for (Map.Entry<PathItem.HttpMethod, Operation> entry : item.getOperations().entrySet()) {
                document(path, entry.getKey(), entry.getValue());
            }
        });
    }

    private static void document(String path, PathItem.HttpMethod method, Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = operation.getResponses();
        boolean hasInput = operation.getRequestBody() != null
                || (operation.getParameters() != null && !operation.getParameters().isEmpty());
        if (hasInput) {
            addIfAbsent(responses, "400", "Malformed input: unreadable JSON, a wrong type, a missing or invalid field or"
                    + " parameter, or a field the body does not declare (unknown, or set by the service such as `id` or"
                    + " `status`); the fields at fault are in `errors`, and nothing is written");
        }
        if (!path.startsWith(PUBLIC_PREFIX)) {
            addIfAbsent(responses, "401", "No valid bearer token (audience lmc-api)");
            addIfAbsent(responses, "403", "The token's roles do not allow this");
        }
        if (operation.getRequestBody() != null) {
            addIfAbsent(responses, "413", "The body is larger than the service accepts");
        }
        if (method == PathItem.HttpMethod.POST && responses.hasAPIResponse("201")) {
            operation.addParameter(OASFactory.createParameter().name(IdempotencyInterceptor.HEADER).in(Parameter.In.HEADER)
                    .required(false).example("5b0c7d9e-3f1a-4e2b-9c8d-7a6b5c4d3e2f")
                    .description("Makes a retry safe: the same key with the same body replays the first answer (header"
                            + " Idempotent-Replayed: true) and creates nothing more; the same key with another body is 422;"
                            + " while the first request is still running, 409. Keys belong to the caller.")
                    .schema(OASFactory.createSchema().addType(org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.STRING)
                            .maxLength(255)));
            addIfAbsent(responses, "409", "A request with this Idempotency-Key is still being processed");
            addIfAbsent(responses, "422", "This Idempotency-Key was already used with another body");
        }
    }

    /** Adds the problem answer unless the operation documents its own (a generated one without content is replaced). */
    private static void addIfAbsent(APIResponses responses, String status, String description) {
        APIResponse existing = responses.getAPIResponse(status);
        if (existing != null && existing.getContent() != null) {
            return;
        }
        APIResponse response = OASFactory.createAPIResponse().description(description)
                .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem"))));
        responses.addAPIResponse(status, response);
    }
}
