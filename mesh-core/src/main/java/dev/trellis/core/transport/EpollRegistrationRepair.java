package dev.trellis.core.transport;

import io.netty.channel.Channel;
import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repairs a Netty 4.2.18 epoll defect: when a socket's input ends while auto-read is off and no other interest
 * is set, Netty deletes the socket from epoll (EPOLL_CTL_DEL) but keeps its registration marked "added", so
 * every later change of interest (a write that must wait for EPOLLOUT, a read) fails with epoll_ctl ENOENT.
 * A half-closed connection that still has bytes to send back therefore breaks.
 *
 * <p>Called on the channel's event loop while the input-shutdown event is delivered: if the socket has no
 * interest left, its registration is marked "pending" again, so Netty's next change adds it back
 * (EPOLL_CTL_ADD). Done through reflection on Netty's private fields; if they are not where 4.2.18 keeps
 * them, it logs once and does nothing.
 */
public final class EpollRegistrationRepair {

    private static final Logger LOG = LoggerFactory.getLogger(EpollRegistrationRepair.class);
    private static final Access ACCESS = Access.find();

    private EpollRegistrationRepair() {
    }

    /** Marks {@code channel}'s epoll registration for re-adding if Netty dropped it. */
    public static void afterInputShutdown(Channel channel) {
        if (ACCESS == null || !ACCESS.channelType.isInstance(channel)) {
            return;
        }
        try {
            Object ops = ACCESS.ops.get(channel);
            if ((int) ACCESS.opsValue.get(ops) != 0) {
                return; // still registered for something: nothing was deleted
            }
            Object registration = ACCESS.channelRegistration.get(channel);
            if (ACCESS.wrapped.getDeclaringClass().isInstance(registration)) {
                registration = ACCESS.wrapped.get(registration);
            }
            if (ACCESS.state.getDeclaringClass().isInstance(registration)
                    && ACCESS.state.get(registration) == ACCESS.added) {
                ACCESS.state.set(registration, ACCESS.pending);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("epoll registration repair skipped: {}", e.toString());
        }
    }

    /** The private members of Netty 4.2.18 this needs. */
    private record Access(Class<?> channelType, Field ops, Field opsValue, Field channelRegistration,
            Field wrapped, Field state, Object added, Object pending) {

        static Access find() {
            try {
                Class<?> channelType = Class.forName("io.netty.channel.epoll.AbstractEpollChannel");
                Field ops = field(channelType, "ops");
                Field opsValue = field(Class.forName("io.netty.channel.epoll.EpollIoOps"), "value");
                Field registration = field(channelType, "registration");
                Field wrapped = field(Class.forName("io.netty.channel.SingleThreadIoEventLoop$IoRegistrationWrapper"),
                        "registration");
                Class<?> epollRegistration = Class.forName("io.netty.channel.epoll.EpollIoHandler$DefaultEpollIoRegistration");
                Field state = field(epollRegistration, "state");
                Class<?> states = Class.forName("io.netty.channel.epoll.EpollIoHandler$RegistrationState");
                Object added = null;
                Object pending = null;
                for (Object s : states.getEnumConstants()) {
                    if (((Enum<?>) s).name().equals("Added")) {
                        added = s;
                    } else if (((Enum<?>) s).name().equals("Pending")) {
                        pending = s;
                    }
                }
                if (added == null || pending == null) {
                    throw new NoSuchFieldException("RegistrationState.Added/Pending");
                }
                return new Access(channelType, ops, opsValue, registration, wrapped, state, added, pending);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.warn("cannot apply the epoll half-close repair to this Netty version ({}); half-closed "
                        + "connections may break on epoll", e.toString());
                return null;
            }
        }

        private static Field field(Class<?> type, String name) throws NoSuchFieldException {
            Field f = type.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        }
    }
}
