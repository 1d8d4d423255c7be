package io.webappupgrade.deployment.local;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Another run holds the deployment's lock. An {@link IllegalArgumentException} because, like bad
 * input, it is refused before anything is changed: the command line turns it into exit code 2.
 */
public final class DeploymentLockedException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    DeploymentLockedException(String deployment, Path lockFile, Optional<DeploymentLock.Holder> holder) {
        super("deployment " + deployment + " is locked by another run ("
                + holder.map(DeploymentLock.Holder::describe).orElse("its holder did not say who it is")
                + "; lock file " + lockFile + "). Nothing was changed. Wait for that run to end (status may be"
                + " run meanwhile); a run that was killed lets go of the lock by itself.");
    }
}
