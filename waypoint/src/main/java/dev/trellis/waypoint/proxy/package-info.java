/**
 * The waypoint's data path. An HBONE tunnel accepted on 15008 ({@link dev.trellis.waypoint.proxy.TunnelAcceptor})
 * is spliced onto an in-process connection ({@link dev.trellis.waypoint.proxy.InternalListener}, Netty local
 * transport: Envoy's "internal listener"), whose pipeline detects the protocol
 * ({@link dev.trellis.waypoint.proxy.ProtocolDetector}): HTTP/1.1 and h2c (gRPC included) are handled request by
 * request ({@link dev.trellis.waypoint.proxy.RequestHandler}, routed by {@link dev.trellis.waypoint.route.Router}
 * and sent by {@link dev.trellis.waypoint.proxy.Upstreams} over HBONE to the backend's endpoint); anything else
 * is relayed as TCP ({@link dev.trellis.waypoint.proxy.TcpFallback}).
 */
package dev.trellis.waypoint.proxy;
