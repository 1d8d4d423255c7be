/**
 * The REST adapter of the {@link io.webappupgrade.deployment.Deployment} port: a deployment on a
 * Cloudify manager, read and driven through the manager's REST API
 * ({@link io.webappupgrade.deployment.rest.RestDeployment}).
 */
package io.webappupgrade.deployment.rest;
