package io.webappupgrade.webapp;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Plays the agent in {@link AppLauncherTest}: starts an app with {@link AppLauncher}, prints its
 * pid and start time, and exits, as the agent does after each operation.
 * Arguments: the work directory, the log file, then the app's command.
 */
public final class LaunchProbe {

    public static void main(String[] args) {
        List<String> command = List.of(args).subList(2, args.length);
        AppProcess app = new AppLauncher().start(new LaunchSpec(command, Path.of(args[0]),
                Map.of("PATH", System.getenv("PATH")), Path.of(args[1])));
        System.out.println(app.pid() + " " + app.startedAt());
    }
}
