/**
 * The application side of the agent: the operations of the web-app node and what they stand on.
 *
 * <p>{@link io.webappupgrade.webapp.WebAppOperations} is the entry: {@code configure},
 * {@code start}, {@code stop}, {@code delete}, {@code upgrade}, {@code rollback}. Releases live in
 * {@code <base_dir>/<instance id>/releases/<version>/} with a {@code current} link
 * ({@link io.webappupgrade.webapp.ReleaseStore}); they are fetched by
 * {@link io.webappupgrade.webapp.ReleaseFetcher}, unpacked by
 * {@link io.webappupgrade.webapp.ArchiveUnpacker}, started by
 * {@link io.webappupgrade.webapp.AppLauncher} (output to {@code <base_dir>/<instance id>/app.log}),
 * checked by {@link io.webappupgrade.webapp.HealthCheck} and stopped by
 * {@link io.webappupgrade.webapp.AppTerminator}.
 *
 * <p>Node properties: {@code version} and {@code application_url} (required), {@code sha256},
 * {@code port} (0 = a free port picked at configure and kept), {@code address} (an IP),
 * {@code start_command} (argument list with {@code {port}}, {@code {address}}, {@code {version}},
 * {@code {release_dir}}), {@code env}, {@code health_path}, {@code start_timeout},
 * {@code stop_timeout} (seconds), {@code base_dir}, {@code keep_releases}, {@code max_archive_mb},
 * {@code strip_components}, and the unpack limits {@code max_unpacked_mb} (2048) and
 * {@code max_archive_entries} (100000). Inputs of {@code upgrade}: {@code version}, {@code url},
 * optional {@code sha256}.
 *
 * <p>Runtime properties written: {@code app_version}, {@code app_prev_version},
 * {@code release_dir}, {@code releases} (list of {@code {version, url, path}}, oldest first, serving
 * last; URLs redacted), {@code pid}, {@code pid_started_at} (ISO-8601), {@code ip}, {@code port},
 * {@code app_url}, {@code base_dir}; and by {@code upgrade} and {@code rollback}, also when they
 * fail, {@code last_steps}: {@code {operation: "upgrade"|"rollback", steps: [{step:
 * "install"|"stop"|"start"|"health", version, started_at, ended_at (ISO-8601), ok}]}}, the steps
 * in the order they ran, the failure path included.
 */
package io.webappupgrade.webapp;
