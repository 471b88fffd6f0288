/** Tests of the sample echo application with real clients. */
package dev.trellis.ctl.sample;
