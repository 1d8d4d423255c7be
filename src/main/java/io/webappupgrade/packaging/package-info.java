/**
 * The release: a reproducible bundle for blueprints that carry the agent jar, and the source of
 * the plugin wagon a manager hosts once.
 *
 * <p>{@link io.webappupgrade.packaging.ReleaseBuilder} runs in Maven's package phase and writes
 * {@code target/webapp-upgrade-<version>.tar.gz}, its {@code .sha256}, and
 * {@code target/wagon-source/}, which {@code packaging/build-wagon.sh} turns into
 * {@code webapp_upgrade_plugin-<version>-py3-none-any.wgn}. The bundle's entries are sorted and
 * carry one fixed time (the build's {@code project.build.outputTimestamp}), owner and mode, so
 * two builds of the same commit give the same bytes.
 */
package io.webappupgrade.packaging;
