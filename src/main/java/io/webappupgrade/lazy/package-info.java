/**
 * A value built on its first use, once ({@link io.webappupgrade.lazy.Lazy}), for what a process may
 * never need (an HTTP client, an operation set). No internal dependencies.
 */
package io.webappupgrade.lazy;
