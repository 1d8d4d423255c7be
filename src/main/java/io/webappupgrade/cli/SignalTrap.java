package io.webappupgrade.cli;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Catches SIGINT and SIGTERM while a command runs, instead of letting the JVM shut down.
 *
 * <p>Why not a shutdown hook: once the JVM shuts down it ignores a second Ctrl-C and decides the
 * exit code itself (130/143), so a hook can neither tell a second Ctrl-C apart nor report exit 4.
 * The JDK's signal API ({@code sun.misc.Signal}, module jdk.unsupported) can; it is reached by
 * reflection so the build stays free of "internal proprietary API" warnings. Where it is missing,
 * {@link #install} returns a trap that catches nothing and the JVM's default applies.
 */
final class SignalTrap implements AutoCloseable {

    private final List<Runnable> restore;

    private SignalTrap(List<Runnable> restore) {
        this.restore = restore;
    }

    /** Sends each of {@code signals} (for example {@code INT}, {@code TERM}) to {@code handler} by name. */
    static SignalTrap install(List<String> signals, Consumer<String> handler) {
        List<Runnable> restore = new ArrayList<>();
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Constructor<?> signalOf = signalClass.getConstructor(String.class);
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            for (String name : signals) {
                Object signal = signalOf.newInstance(name);
                Object ours = Proxy.newProxyInstance(SignalTrap.class.getClassLoader(), new Class<?>[] {handlerClass},
                        (proxy, method, args) -> switch (method.getName()) {
                            case "handle" -> {
                                handler.accept(name);
                                yield null;
                            }
                            case "equals" -> proxy == args[0];
                            case "hashCode" -> System.identityHashCode(proxy);
                            default -> "signal handler for SIG" + name;
                        });
                Object previous = handle.invoke(null, signal, ours);
                restore.add(() -> {
                    try {
                        handle.invoke(null, signal, previous);
                    } catch (IllegalAccessException | InvocationTargetException e) {
                        // the JVM keeps our handler; it only interrupts a thread that has finished
                    }
                });
            }
        } catch (ReflectiveOperationException | IllegalArgumentException | SecurityException e) {
            // No signal API here (or a signal the OS does not have): the JVM's default handling stays.
        }
        return new SignalTrap(restore);
    }

    /** Whether any signal is caught. */
    boolean active() {
        return !restore.isEmpty();
    }

    @Override
    public void close() {
        restore.forEach(Runnable::run);
    }
}
