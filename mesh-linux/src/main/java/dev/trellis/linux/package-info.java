/**
 * Linux kernel calls the JDK does not expose (setns, SO_MARK, SO_ORIGINAL_DST, fd passing), made through
 * Java's foreign-function API. This is the only package in Trellis that touches native code.
 */
package dev.trellis.linux;
