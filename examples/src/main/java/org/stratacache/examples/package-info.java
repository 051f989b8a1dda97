/**
 * The runnable examples' entry point: {@link org.stratacache.examples.Main} picks {@code catalog} (the
 * default, the README's main job), {@code feed}, {@code analytics} or {@code all}, parses the shared options
 * and exits with status 1 when an example's answers with and without Strata differ.
 *
 * <p>May use the example packages and {@code support}.
 */
package org.stratacache.examples;
