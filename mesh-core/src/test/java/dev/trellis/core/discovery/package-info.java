/** The discovery codec: model → protobuf → model loses nothing; bad messages are refused by name. */
package dev.trellis.core.discovery;
