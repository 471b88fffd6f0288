/** Tests of meshctl check against prepared host trees and the real host. */
package dev.trellis.ctl.check;
