package dev.trellis.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Whatever class a process touches first, the constants hold values: the discovery codec reads
 * {@code ConnectionPool.UNLIMITED} before anything else names {@code TrafficPolicy}, which once left
 * {@code TrafficPolicy.DEFAULT} half-built and failed every later decode with NoClassDefFoundError.
 */
class TrafficPolicyInitializationTest {

    @Test
    void theNestedConstantMayBeInitializedFirst() throws Exception {
        URL[] classpath = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(p -> {
                    try {
                        return Path.of(p).toUri().toURL();
                    } catch (java.net.MalformedURLException e) {
                        throw new IllegalStateException(e);
                    }
                }).toArray(URL[]::new);
        try (URLClassLoader fresh = new URLClassLoader(classpath, ClassLoader.getPlatformClassLoader())) {
            Class<?> pool = Class.forName("dev.trellis.core.model.TrafficPolicy$ConnectionPool", true, fresh);
            assertThat(pool.getField("UNLIMITED").get(null)).isNotNull();
            Class<?> policy = Class.forName("dev.trellis.core.model.TrafficPolicy", true, fresh);
            Object defaults = policy.getField("DEFAULT").get(null);
            assertThat(policy.getMethod("connectionPool").invoke(defaults)).isNotNull();
        }
    }
}
