/** Tests of SPIFFE identity parsing. */
package dev.trellis.core.identity;
