package io.webappupgrade.haproxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Replaces the live haproxy.cfg only with a config HAProxy accepts: the text goes to a temporary
 * file in the same directory, is validated there, then renamed over the live file in one step,
 * so a reader (a reload, a restart) sees the old file or the new one, never a broken or half one.
 */
public final class ConfigInstaller {

    private final Path config;
    private final ConfigValidator validator;

    public ConfigInstaller(Path config, ConfigValidator validator) {
        this.config = config;
        this.validator = validator;
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
            validator.validate(temp);
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
