package io.webappupgrade.webapp;

import io.webappupgrade.ctx.NodeInstanceContext;
import io.webappupgrade.ctx.NonRecoverableError;
import io.webappupgrade.ctx.OperationContext;
import io.webappupgrade.ctx.OperationInputs;
import io.webappupgrade.version.Version;
import java.nio.file.Path;

/**
 * What {@code prepare} and {@code upgrade} are asked for, read once the same way: the instance,
 * its settings and recorded state, and the release named by the inputs {@code version}, {@code url}
 * and {@code sha256}.
 */
record ReleaseRequest(NodeInstanceContext instance, WebAppSettings settings, AppState state, Version target,
        ReleaseSource source) {

    static ReleaseRequest of(OperationContext ctx, Path defaultBaseDir) {
        NodeInstanceContext instance = ctx.instance();
        WebAppSettings settings = WebAppSettings.from(instance.properties(), defaultBaseDir);
        AppState state = AppState.readConfigured(instance.runtimeProperties(), instance.instanceId());
        Version target = WebAppSettings.version(ctx.inputs().string("version").orElse(null), "input 'version'");
        return new ReleaseRequest(instance, settings, state, target, source(ctx.inputs(), settings, target));
    }

    private static ReleaseSource source(OperationInputs inputs, WebAppSettings settings, Version target) {
        String url = inputs.string("url").orElseThrow(() -> new NonRecoverableError(
                "input 'url' is required: the http(s):// or file:// URL or local path of release " + target));
        return settings.source(url, inputs.string("sha256"));
    }

    @Override
    public String toString() {
        // the source's URL may carry credentials
        return "ReleaseRequest[" + instance.instanceId() + " -> " + target + "]";
    }
}
