package io.webappupgrade;

import io.webappupgrade.agent.AgentOperations;
import io.webappupgrade.agent.AgentRunner;
import io.webappupgrade.agent.ExitCode;
import io.webappupgrade.agent.OperationRegistry;
import io.webappupgrade.agent.OperationSpec;
import io.webappupgrade.cli.Cli;
import io.webappupgrade.ctx.OperationInputs;
import io.webappupgrade.ctx.proxy.CtxProxyClient;
import io.webappupgrade.ctx.proxy.ProxyOperationContext;
import io.webappupgrade.json.JsonValues;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The jar's entry point. {@code java -jar webapp-upgrade-agent.jar <operation>} runs one operation
 * for Cloudify's script plugin; anything else is the command line ({@code --help}).
 * The operation path stays lean: it loads no command-line parsing, because every operation pays
 * the JVM's start-up.
 */
public final class Main {

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final String version;
    private final Optional<Path> classDataRecording;

    Main(Map<String, String> env, PrintStream out, PrintStream err, String version, Optional<Path> classDataRecording) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.version = version;
        this.classDataRecording = classDataRecording;
    }

    public static void main(String[] args) {
        String version = Optional.ofNullable(Main.class.getPackage().getImplementationVersion()).orElse("dev");
        // bin/webapp-upgrade names the class-data archive it records during this run, if it records one
        Optional<Path> recording = Optional.ofNullable(System.getProperty("webapp_upgrade.class_data_recording"))
                .filter(p -> !p.isBlank()).map(Path::of);
        int code = new Main(System.getenv(), System.out, System.err, version, recording).run(args);
        System.out.flush();
        System.exit(code);
    }

    int run(String[] args) {
        OperationRegistry registry = AgentOperations.registry(version);
        String socketUrl = env.get("CTX_SOCKET_URL");
        if (args.length > 0 && !args[0].startsWith("-")) {
            Optional<OperationSpec> spec = registry.find(args[0]);
            if (spec.isPresent()) {
                return runOperation(spec.get(), socketUrl);
            }
            if (socketUrl != null && !socketUrl.isBlank()) {
                String message = "unknown operation '" + args[0] + "'; this agent (" + version + ") runs: "
                        + String.join(", ", registry.all().stream().map(OperationSpec::name).toList());
                err.println(message);
                contextFor(socketUrl, false, new JsonValues()).abort(message);
                return ExitCode.USAGE.code();
            }
        }
        return new Cli(version, registry, out, err, env, System.console() != null, classDataRecording).run(args);
    }

    private int runOperation(OperationSpec spec, String socketUrl) {
        if (socketUrl == null || socketUrl.isBlank()) {
            err.println(spec.name() + " is an operation for Cloudify's script plugin, which sets CTX_SOCKET_URL;"
                    + " it is not set here. To run a rollout without Cloudify, see --help.");
            return ExitCode.USAGE.code();
        }
        JsonValues json = new JsonValues();
        return new AgentRunner().run(spec, contextFor(socketUrl, spec.relationship(), json, spec)).code();
    }

    private ProxyOperationContext contextFor(String socketUrl, boolean relationship, JsonValues json, OperationSpec spec) {
        OperationInputs inputs = OperationInputs.fromEnvironment(env, spec.inputs(), json);
        return new ProxyOperationContext(CtxProxyClient.connect(socketUrl, Duration.ofMinutes(2), json),
                relationship, inputs);
    }

    private ProxyOperationContext contextFor(String socketUrl, boolean relationship, JsonValues json) {
        return new ProxyOperationContext(CtxProxyClient.connect(socketUrl, Duration.ofMinutes(2), json),
                relationship, OperationInputs.of(Map.of()));
    }
}
