package org.lmc.testing.embedded;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.util.List;

/** A real SMTP server inside this JVM (GreenMail): mail sent to it is kept and can be read back. */
public final class EmbeddedSmtpServer implements AutoCloseable {
    private final GreenMail greenMail;
    private final int port;

    private EmbeddedSmtpServer(GreenMail greenMail, int port) {
        this.greenMail = greenMail;
        this.port = port;
    }

    public static EmbeddedSmtpServer start(int port) {
        Ports.requireFree(port, "SMTP", "LMC_SMTP_PORT");
        int actual = Ports.orFree(port);
        GreenMail mail = new GreenMail(new ServerSetup(actual, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        return new EmbeddedSmtpServer(mail, actual);
    }

    public int port() {
        return port;
    }

    public List<MimeMessage> received() {
        return List.of(greenMail.getReceivedMessages());
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
