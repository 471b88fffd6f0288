/** Tests of the local lab. */
package dev.trellis.ctl.lab;
