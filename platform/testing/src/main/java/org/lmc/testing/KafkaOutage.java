package org.lmc.testing;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.lmc.testing.embedded.EmbeddedKafkaBroker;

/**
 * Takes the shared embedded Kafka broker down and brings it back, from inside a running test. The broker
 * lives in the test-resource class loader and the test in Quarkus' one; JMX is the bridge between them.
 */
public final class KafkaOutage {
    static final String OBJECT_NAME = "org.lmc.testing:type=EmbeddedKafkaBroker";

    private KafkaOutage() {
    }

    public static void takeDown() {
        invoke("stop");
    }

    public static void bringBack() {
        invoke("start");
    }

    static void register(EmbeddedKafkaBroker broker) {
        KafkaBrokerControlMBean control = new KafkaBrokerControl(broker);
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(OBJECT_NAME);
            if (!server.isRegistered(name)) {
                server.registerMBean(new StandardMBean(control, KafkaBrokerControlMBean.class), name);
            }
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void invoke(String operation) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(OBJECT_NAME);
            if (!server.isRegistered(name)) {
                throw new IllegalStateException("no embedded Kafka broker in this JVM (an external or container Kafka cannot be stopped by a test)");
            }
            server.invoke(name, operation, new Object[0], new String[0]);
        } catch (JMException e) {
            throw new IllegalStateException("cannot " + operation + " the embedded Kafka broker: " + e.getMessage(), e);
        }
    }

    public static final class KafkaBrokerControl implements KafkaBrokerControlMBean {
        private final EmbeddedKafkaBroker broker;

        KafkaBrokerControl(EmbeddedKafkaBroker broker) {
            this.broker = broker;
        }

        @Override
        public void stop() {
            broker.stop();
        }

        @Override
        public void start() {
            broker.restart();
        }
    }
}
