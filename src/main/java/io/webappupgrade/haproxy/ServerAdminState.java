package io.webappupgrade.haproxy;

/** The states {@code set server BE/SRV state ...} accepts. */
public enum ServerAdminState {
    /** Takes new traffic. */
    READY,
    /** Takes no new traffic; sessions in flight finish. */
    DRAIN,
    /** Takes no traffic at all; sessions in flight still finish. Required before {@code del server}. */
    MAINT;

    String keyword() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
