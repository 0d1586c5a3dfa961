package org.lmc.testing.access;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads every public endpoint of a running service (the GET operations under {@code /api/v1/public/} of its OpenAPI
 * document, so a new one is scanned too) without a token, and fails on anything private in the answers: an email
 * address, a receipt's details, a per-person amount, or a field that names a person's record. The test gives the ids
 * to fill in and the values it planted that must never show (a traveller's own amount, a receipt's issuer and hash).
 */
public final class PublicDataScan {
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
    private static final Pattern PRIVATE_FIELD = Pattern.compile("\"(email|e-mail|receipt|receiptSha256|sha256|memberId|travellerId|"
            + "submittedBy|approvedBy|boundSubject|amountCents)\"\\s*:", Pattern.CASE_INSENSITIVE);

    private final Map<String, String> ids = new LinkedHashMap<>();
    private final Map<String, Consumer<AccessCall>> preparations = new LinkedHashMap<>();
    private final List<String> forbidden = new ArrayList<>();

    private PublicDataScan() {
    }

    public static PublicDataScan of() {
        return new PublicDataScan();
    }

    public PublicDataScan id(String name, Object value) {
        ids.put(name, String.valueOf(value));
        return this;
    }

    public PublicDataScan prepare(String operation, Consumer<AccessCall> preparation) {
        preparations.merge(AccessMatrix.operation(operation), preparation, Consumer::andThen);
        return this;
    }

    /** A value the test planted that no public answer may contain (as text, or as a JSON number). */
    public PublicDataScan never(Object value) {
        forbidden.add(String.valueOf(value));
        return this;
    }

    /** The outcome: what was read, and what was found that must not be public. */
    public record Result(List<String> read, List<String> findings) {
    }

    public Result run() {
        List<String> read = new ArrayList<>();
        List<String> findings = new ArrayList<>();
        for (String operation : publicReads()) {
            int space = operation.indexOf(' ');
            AccessCall call = new AccessCall("GET", operation.substring(space + 1), MatrixCaller.NONE, ids);
            Consumer<AccessCall> preparation = preparations.get(operation);
            if (preparation != null) {
                preparation.accept(call);
            }
            Response response = given().redirects().follow(false).get(call.target());
            String body = response.asString();
            read.add(operation + " -> " + response.statusCode() + " (" + body.length() + " chars)");
            if (response.statusCode() != 200) {
                findings.add(operation + ": " + response.statusCode() + " (a public read must answer 200 with the ids given)");
                continue;
            }
            Matcher email = EMAIL.matcher(body);
            if (email.find()) {
                findings.add(operation + ": an email address (" + email.group() + ")");
            }
            Matcher field = PRIVATE_FIELD.matcher(body);
            if (field.find()) {
                findings.add(operation + ": a private field (" + field.group(1) + ")");
            }
            for (String value : forbidden) {
                if (Pattern.compile("(?<![0-9A-Za-z])" + Pattern.quote(value) + "(?![0-9A-Za-z])").matcher(body).find()) {
                    findings.add(operation + ": the private value " + value);
                }
            }
        }
        return new Result(read, findings);
    }

    @SuppressWarnings("unchecked")
    private static List<String> publicReads() {
        JsonPath document = given().accept(ContentType.JSON).queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Object> paths = document.getMap("paths");
        List<String> reads = new ArrayList<>();
        for (Map.Entry<String, Object> path : paths.entrySet()) {
            if (path.getKey().startsWith("/api/v1/public/") && ((Map<String, Object>) path.getValue()).containsKey("get")) {
                reads.add("GET " + path.getKey());
            }
        }
        return reads;
    }
}
