/** Settings: precedence, typed values, and errors that name flag, variable and value. */
package dev.trellis.core.config;
