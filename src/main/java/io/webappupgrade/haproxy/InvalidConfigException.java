package io.webappupgrade.haproxy;

/** {@code haproxy -c} refused a rendered config; the live config was left as it was. */
public class InvalidConfigException extends RuntimeException {

    public InvalidConfigException(String message) {
        super(message);
    }
}
