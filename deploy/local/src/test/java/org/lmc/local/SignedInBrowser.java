package org.lmc.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Collectors;
import org.lmc.testing.Browser;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/** What the signed-in page experiments share: Keycloak's login form, and requests made with the browser's session. */
final class SignedInBrowser {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private SignedInBrowser() {
    }

    /** Fills Keycloak's login form on the page the browser was sent to, and waits for the way back. */
    static void signIn(Browser browser, StackConfig config, String username) {
        WebDriver page = browser.driver();
        assertThat(page.getCurrentUrl()).startsWith(config.issuer() + "/protocol/openid-connect/auth");
        page.findElement(By.id("username")).sendKeys(username);
        page.findElement(By.id("password")).sendKeys(StackConfig.DEMO_PASSWORD);
        browser.clickToNavigate(page.findElement(By.id("kc-login")));
    }

    /** The browser's cookies as a Cookie header: the session, without the page's form token field. */
    static String cookies(WebDriver page) {
        return page.manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue()).collect(Collectors.joining("; "));
    }

    /** A form post carrying {@code cookies} (what another site could make the browser send: the cookies, not the token). */
    static HttpResponse<String> post(String url, String cookies, String form) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15)).header("Cookie", cookies)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String url, String cookies) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15)).header("Cookie", cookies).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
