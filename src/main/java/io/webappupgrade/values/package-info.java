/**
 * Typed values as YAML, JSON and command lines hand them over (numbers, whole numbers, booleans,
 * seconds), read by the same rules for node properties and workflow parameters. No internal
 * dependencies.
 */
package io.webappupgrade.values;
