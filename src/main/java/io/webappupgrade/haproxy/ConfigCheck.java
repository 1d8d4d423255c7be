package io.webappupgrade.haproxy;

import java.nio.file.Path;

/** Asks whether a config file would be accepted; {@link ConfigValidator} asks HAProxy itself. */
@FunctionalInterface
public interface ConfigCheck {

    /** @throws InvalidConfigException when the file is not valid */
    void check(Path config);
}
