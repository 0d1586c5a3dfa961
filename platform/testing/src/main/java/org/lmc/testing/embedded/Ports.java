package org.lmc.testing.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Loopback port helpers shared by the embedded servers. */
public final class Ports {
    private Ports() {
    }

    /** A port that was free a moment ago (a port of 0 asks for any). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port itself, or a free one when 0. */
    public static int orFree(int port) {
        return port == 0 ? freePort() : port;
    }

    public static boolean inUse(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Fails with a message a person can act on when something already listens on {@code port}. */
    public static void requireFree(int port, String what, String variable) {
        if (port != 0 && inUse(port)) {
            throw new PortInUseException(what + " cannot start: port " + port + " on 127.0.0.1 is already in use."
                    + " Stop whatever listens there, or choose another port with " + variable + "=<port>.");
        }
    }

    /** A clear, stack-trace-free reason for a port conflict. */
    public static final class PortInUseException extends IllegalStateException {
        public PortInUseException(String message) {
            super(message);
        }
    }
}
