/**
 * The operation catalogue: each operation's name, inputs and body, shared by the jar's
 * {@link io.webappupgrade.Main} (one operation per process, for Cloudify's script plugin) and
 * {@code deployment.local} (operations in-process). It knows no command line.
 */
package io.webappupgrade.agent;
