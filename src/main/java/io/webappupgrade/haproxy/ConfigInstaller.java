package io.webappupgrade.haproxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Replaces the live haproxy.cfg only with a config HAProxy accepts: the text goes to a temporary
 * file in the same directory, is validated there (unless {@link ConfigVerdicts} shows HAProxy
 * already accepted it), then renamed over the live file in one step, so a reader (a reload, a
 * restart) sees the old file or the new one, never a broken or half one.
 */
public final class ConfigInstaller {

    private final Path config;
    private final ConfigCheck check;
    private final ConfigVerdicts verdicts;

    /** Checks every config with {@code check}, remembering nothing between installs. */
    public ConfigInstaller(Path config, ConfigCheck check) {
        this(config, check, ConfigVerdicts.none());
    }

    /** Checks with {@code check} a config that {@code verdicts} does not already count as accepted. */
    ConfigInstaller(Path config, ConfigCheck check, ConfigVerdicts verdicts) {
        this.config = config;
        this.check = check;
        this.verdicts = verdicts;
    }

    public Path config() {
        return config;
    }

    /** @throws InvalidConfigException when HAProxy refuses the text; the live file is then untouched */
    public void install(String text) {
        Path temp = null;
        try {
            Files.createDirectories(config.toAbsolutePath().getParent());
            temp = Files.createTempFile(config.toAbsolutePath().getParent(), config.getFileName() + ".", ".new");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            if (!verdicts.accepted(text)) {
                check.check(temp);
                verdicts.recordAccepted(text);
            }
            Files.move(temp, config, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + config + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the live config is intact; a stray temporary file is harmless
                }
            }
        }
    }
}
