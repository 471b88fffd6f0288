/** Tests of the shared load balancers. */
package dev.trellis.core.balance;
