/** The DNS proxy against dig, the real client, over UDP and TCP; forwarding and failures. */
package dev.trellis.nodeagent.dns;
