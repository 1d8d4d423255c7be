/**
 * The port between the rollout engine and a deployment: {@link io.webappupgrade.deployment.Deployment}
 * and the Cloudify-shaped values it returns, the names every runtime uses
 * ({@link io.webappupgrade.deployment.DeploymentOperations}) and the status view built from any
 * runtime's instances ({@link io.webappupgrade.deployment.DeploymentStatus}). Adapters (a Cloudify
 * workflow, a manager's REST API, the embedded local mode) implement it elsewhere.
 */
package io.webappupgrade.deployment;
