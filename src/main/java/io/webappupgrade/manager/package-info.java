/**
 * A client of a Cloudify manager's REST API (v3.1): {@link io.webappupgrade.manager.ManagerClient}
 * built from a {@link io.webappupgrade.manager.ManagerConnection}, which
 * {@link io.webappupgrade.manager.ConnectionResolver} works out from options, environment and a
 * file; {@link io.webappupgrade.manager.ExecutionFollower} follows an execution to its end.
 */
package io.webappupgrade.manager;
