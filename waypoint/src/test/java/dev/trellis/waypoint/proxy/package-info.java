/**
 * End-to-end tests of the waypoint with real sockets: curl and raw clients enter through an HBONE tunnel,
 * the waypoint routes over HBONE to real backend servers behind HBONE listeners on loopback addresses.
 */
package dev.trellis.waypoint.proxy;
