/**
 * The built-in sample application: an echo server that speaks HTTP/1.1, h2c and gRPC on one port and
 * answers with who it is and what it saw, with simulated failures and delay; and a gRPC client for it.
 */
package dev.trellis.ctl.sample;
