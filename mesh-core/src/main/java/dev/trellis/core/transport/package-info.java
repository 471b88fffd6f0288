/**
 * Event loops and channel types: epoll where the native transport loads, NIO otherwise, chosen once.
 */
package dev.trellis.core.transport;
