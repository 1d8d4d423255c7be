/**
 * The one deadline loop ({@link io.webappupgrade.wait.Poll}): bounded polling that ends by
 * success, deadline or interruption. No internal dependencies.
 */
package io.webappupgrade.wait;
