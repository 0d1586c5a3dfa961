package org.lmc.notification.domain;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Where webhooks may go: an absolute HTTPS URL whose host resolves only to public addresses (no loopback, private,
 * link-local, carrier-grade NAT, unique-local, multicast or unspecified ones), so a subscription cannot make the
 * service call into its own network. A local-only setting allows loopback (plain HTTP included) for tests and
 * the local stack. The check runs at subscription and again before every delivery (the name may resolve
 * elsewhere by then).
 */
public final class WebhookUrlPolicy {
    private final boolean allowLoopback;

    public WebhookUrlPolicy(boolean allowLoopback) {
        this.allowLoopback = allowLoopback;
    }

    /** Why the URL is refused, or empty when it is allowed. */
    public Optional<String> refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("is not a URL");
        }
        if (!uri.isAbsolute() || uri.getHost() == null) {
            return Optional.of("must be an absolute URL with a host");
        }
        if (uri.getUserInfo() != null) {
            return Optional.of("must not carry credentials");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return Optional.of("must be an HTTPS URL");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            return Optional.of("host " + uri.getHost() + " does not resolve");
        }
        boolean allLoopback = true;
        for (InetAddress address : addresses) {
            if (address.isLoopbackAddress()) {
                if (!allowLoopback) {
                    return Optional.of("resolves to a loopback address (" + address.getHostAddress() + ")");
                }
                continue;
            }
            allLoopback = false;
            if (!isPublic(address)) {
                return Optional.of("resolves to a private, link-local or reserved address (" + address.getHostAddress() + ")");
            }
        }
        if (!scheme.equals("https") && !(allowLoopback && allLoopback)) {
            return Optional.of("must be an HTTPS URL");
        }
        return Optional.empty();
    }

    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first != 0 // "this network"
                    && !(first == 100 && second >= 64 && second <= 127) // carrier-grade NAT
                    && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    && !(first == 198 && (second == 18 || second == 19)) // benchmarking
                    && first < 240; // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            return (b[0] & 0xfe) != 0xfc; // unique local fc00::/7
        }
        return false;
    }
}
