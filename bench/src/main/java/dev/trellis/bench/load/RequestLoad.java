package dev.trellis.bench.load;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Request/response load over keep-alive TCP connections to an echo server: each connection writes a
 * request of {@code size} bytes and waits for all of it to come back, again and again, for a bounded time.
 *
 * <p>With a target rate the requests are spread evenly over the connections and latency is measured from
 * each request's scheduled start, so a stall is not hidden by the client waiting (coordinated omission).
 *
 * <p>Usage: {@code RequestLoad <host> <port> <connections> <seconds> [<total-rps> (0 = as fast as possible)]
 * [<size>]}. Prints one JSON line with the request count, rate and latency percentiles in microseconds.
 */
public final class RequestLoad {

    private static final long WARMUP_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final InetSocketAddress target;
    private final int connections;
    private final long durationNanos;
    private final double totalRate;
    private final int size;
    private final Recorder recorder = new Recorder(TimeUnit.SECONDS.toNanos(10), 3);

    RequestLoad(InetSocketAddress target, int connections, long durationNanos, double totalRate, int size) {
        this.target = target;
        this.connections = connections;
        this.durationNanos = durationNanos;
        this.totalRate = totalRate;
        this.size = size;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: RequestLoad <host> <port> <connections> <seconds> [<total-rps>] [<size>]");
            System.exit(64);
        }
        RequestLoad load = new RequestLoad(new InetSocketAddress(args[0], Integer.parseInt(args[1])),
                Integer.parseInt(args[2]), TimeUnit.SECONDS.toNanos(Long.parseLong(args[3])),
                args.length > 4 ? Double.parseDouble(args[4]) : 0, args.length > 5 ? Integer.parseInt(args[5]) : 1024);
        System.out.println(load.run());
    }

    /** Runs the load and returns the JSON summary of the measured period (warm-up excluded). */
    String run() throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long warmupEnd = System.nanoTime() + WARMUP_NANOS;
        long end = warmupEnd + durationNanos;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            long offset = totalRate > 0 ? (long) (i * 1e9 / totalRate) : 0;
            Thread t = Thread.ofPlatform().name("load-" + i).start(() -> {
                try {
                    drive(warmupEnd, end, offset);
                } catch (IOException | RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            });
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("load failed: " + failure.get(), failure.get());
        }
        Histogram h = recorder.getIntervalHistogram();
        double seconds = durationNanos / 1e9;
        return String.format(java.util.Locale.ROOT,
                "{\"requests\":%d,\"seconds\":%.1f,\"rps\":%.0f,\"p50_us\":%.1f,\"p90_us\":%.1f,\"p99_us\":%.1f,"
                        + "\"max_us\":%.1f}",
                h.getTotalCount(), seconds, h.getTotalCount() / seconds, h.getValueAtPercentile(50) / 1e3,
                h.getValueAtPercentile(90) / 1e3, h.getValueAtPercentile(99) / 1e3, h.getMaxValue() / 1e3);
    }

    private void drive(long warmupEnd, long end, long offsetNanos) throws IOException {
        byte[] request = new byte[size];
        byte[] response = new byte[size];
        long interval = totalRate > 0 ? (long) (connections * 1e9 / totalRate) : 0;
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(target, 5_000);
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            long scheduled = System.nanoTime() + offsetNanos;
            while (true) {
                if (interval > 0) {
                    waitUntil(scheduled);
                }
                long start = interval > 0 ? scheduled : System.nanoTime();
                if (start >= end) {
                    return;
                }
                out.write(request);
                in.readFully(response);
                long done = System.nanoTime();
                if (start >= warmupEnd) {
                    recorder.recordValue(Math.min(done - start, TimeUnit.SECONDS.toNanos(10)));
                }
                scheduled += interval;
            }
        }
    }

    private static void waitUntil(long deadline) {
        long now;
        while ((now = System.nanoTime()) < deadline) {
            LockSupport.parkNanos(deadline - now);
        }
    }
}
