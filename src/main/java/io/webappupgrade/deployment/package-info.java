/**
 * The port between the rollout engine and a deployment: {@link io.webappupgrade.deployment.Deployment}
 * and the Cloudify-shaped values it returns. Adapters (a Cloudify workflow, a manager's REST API, the
 * embedded local mode) implement it elsewhere.
 */
package io.webappupgrade.deployment;
