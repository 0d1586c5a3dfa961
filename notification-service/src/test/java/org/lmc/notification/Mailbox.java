package org.lmc.notification;

import org.awaitility.Awaitility;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.lmc.testing.LmcTestStack;

/** The mail the test SMTP server received, as recipients, subject and text. */
public final class Mailbox {
    private Mailbox() {
    }

    public record Mail(List<String> to, String from, String subject, String text) {
    }

    public static List<Mail> to(String address) {
        return LmcTestStack.smtp().received().stream().map(Mailbox::mail).filter(m -> m.to().contains(address)).toList();
    }

    /** Waits until {@code address} has exactly {@code count} mails whose subject starts with {@code subjectPrefix}. */
    public static List<Mail> await(String address, String subjectPrefix, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> matching(address, subjectPrefix).size() >= count);
        return matching(address, subjectPrefix);
    }

    public static List<Mail> matching(String address, String subjectPrefix) {
        return to(address).stream().filter(m -> m.subject().startsWith(subjectPrefix)).toList();
    }

    private static Mail mail(MimeMessage message) {
        try {
            Address[] recipients = message.getAllRecipients();
            Object content = message.getContent();
            return new Mail(recipients == null ? List.of() : Arrays.stream(recipients).map(Address::toString).toList(),
                    message.getFrom()[0].toString(), message.getSubject(), content.toString().replace("\r\n", "\n").strip());
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
