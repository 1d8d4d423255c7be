package io.webappupgrade.webapp;

import java.util.OptionalLong;

/**
 * A process found listening on a TCP port.
 *
 * @param pid     its pid; empty when the socket was found but not its process (another user's)
 * @param command its command line as {@code /proc/PID/cmdline} gives it, shortened; empty when unknown
 */
public record PortHolder(OptionalLong pid, String command) {

    static PortHolder unknown() {
        return new PortHolder(OptionalLong.empty(), "");
    }

    /** "pid 123 (python3 -m http.server 8080)" or "an unknown process". */
    public String describe() {
        if (pid.isEmpty()) {
            return "an unknown process (its socket is not visible to this user)";
        }
        return "pid " + pid.getAsLong() + (command.isEmpty() ? "" : " (" + command + ")");
    }
}
