package org.lmc.testing;

/** JMX view of the embedded test broker: the platform MBean server is shared by every class loader of the JVM. */
public interface KafkaBrokerControlMBean {
    void stop();

    void start();
}
