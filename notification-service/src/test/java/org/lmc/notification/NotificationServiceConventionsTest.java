package org.lmc.notification;

import io.quarkus.test.junit.QuarkusTest;
import org.lmc.testing.ServiceConventionsTest;

@QuarkusTest
@NotificationStack
class NotificationServiceConventionsTest extends ServiceConventionsTest {
    @Override
    protected String openApiTitle() {
        return "LMC notification-service";
    }
}
