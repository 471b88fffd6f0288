/**
 * Reading a program's settings once at start: {@link dev.trellis.core.config.Settings} merges defaults,
 * {@code TRELLIS_*} environment variables and {@code --flags} (a flag wins over its variable, which wins
 * over the default), with typed getters whose errors name the flag, the variable, the value and what was
 * expected (docs/reference/configuration.md). Each program keeps its own immutable config record.
 */
package dev.trellis.core.config;
