/**
 * The jar's entry point: {@link io.webappupgrade.Main} dispatches to an agent operation or to the
 * command line. It sits above every other package so that none of them needs to know it.
 */
package io.webappupgrade;
