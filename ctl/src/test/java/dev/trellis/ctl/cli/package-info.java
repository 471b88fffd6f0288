/** Tests of the meshctl command line. */
package dev.trellis.ctl.cli;
