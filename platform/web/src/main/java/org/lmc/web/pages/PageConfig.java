package org.lmc.web.pages;

import io.smallrye.config.ConfigMapping;

/** Settings of the server-rendered pages every service shares (the layout's links between services). */
@ConfigMapping(prefix = "lmc.pages")
public interface PageConfig {
    /** Base URL of plan-service, whose pages are under {@code /plans} (env {@code LMC_PLANS_BASE_URL}). */
    String plansUrl();

    /** Base URL of funding-service, whose pages are under {@code /funding} (env {@code LMC_FUNDING_BASE_URL}). */
    String fundingUrl();

    /** Base URL of registration-service, whose portal pages are under {@code /portal/teams} (env {@code LMC_REGISTRATION_BASE_URL}). */
    String registrationUrl();

    /** Base URL of notification-service, whose portal inbox is {@code /portal/inbox} (env {@code LMC_NOTIFICATION_BASE_URL}). */
    String notificationUrl();

    /** Which of the linked sites this service serves: {@code registration}, {@code plans}, {@code funding}, {@code notification} or
     * {@code none}; its links stay relative. */
    String home();
}
