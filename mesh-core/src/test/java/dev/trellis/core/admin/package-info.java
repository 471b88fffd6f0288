/** Tests of {@code dev.trellis.core.admin}. */
package dev.trellis.core.admin;
