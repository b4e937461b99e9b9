package io.streetgate.ota.osgi;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * Waits until the components of the running bundle set have stopped changing before the set is stopped for a
 * restart. A set rolled back at once (a bundle that cannot resolve) is stopped while it is still starting; a
 * component whose activation is under way then (a server opening its socket) can outlive the framework's stop,
 * and the launcher must then start a new process instead of the next set. Settled means: no immediate component
 * is satisfied but not yet active, and the components' states have not changed for {@code quiet}.
 */
final class ComponentsSettled {

    private static final String STARTING = "an immediate component about to activate";

    private ComponentsSettled() {
    }

    /**
     * @return true when the components settled, false when {@code max} ran out first (or no component runtime
     *         is there to ask)
     */
    static boolean await(BundleContext context, Duration quiet, Duration max) throws InterruptedException {
        ServiceReference<ServiceComponentRuntime> ref = context.getServiceReference(ServiceComponentRuntime.class);
        ServiceComponentRuntime scr = ref == null ? null : context.getService(ref);
        if (scr == null) {
            return false;
        }
        try {
            long deadline = System.nanoTime() + max.toNanos();
            Set<String> last = null;
            long stableSince = System.nanoTime();
            while (System.nanoTime() < deadline) {
                Set<String> now = states(scr);
                if (!now.equals(last)) {
                    last = now;
                    stableSince = System.nanoTime();
                } else if (!now.contains(STARTING) && System.nanoTime() - stableSince >= quiet.toNanos()) {
                    return true;
                }
                Thread.sleep(100);
            }
            return false;
        } finally {
            context.ungetService(ref);
        }
    }

    private static Set<String> states(ServiceComponentRuntime scr) {
        Set<String> states = new TreeSet<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                states.add(d.name + "#" + c.id + "=" + c.state);
                if (d.immediate && c.state == ComponentConfigurationDTO.SATISFIED) {
                    states.add(STARTING);
                }
            }
        }
        return states;
    }
}
