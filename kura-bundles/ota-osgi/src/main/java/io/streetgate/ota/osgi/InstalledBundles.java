package io.streetgate.ota.osgi;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.resource.Namespace;
import org.osgi.resource.Requirement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** What the health check of a trial asks of the framework: which bundles are not active, which never can be. */
final class InstalledBundles {

    private final BundleContext context;

    InstalledBundles(BundleContext context) {
        this.context = context;
    }

    /** Bundles (not fragments) that are not active or starting. */
    List<String> inactive() {
        return Arrays.stream(context.getBundles())
                .filter(b -> b.getHeaders("").get(Constants.FRAGMENT_HOST) == null)
                .filter(b -> b.getState() != Bundle.ACTIVE && b.getState() != Bundle.STARTING)
                .map(Bundle::getSymbolicName).toList();
    }

    /**
     * Bundles that cannot resolve against the installed ones, each with the requirements nothing provides. The
     * launcher installs a whole set before it starts any, so a bundle merely not started yet resolves here.
     */
    List<String> unresolvable() {
        FrameworkWiring wiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        List<String> out = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (b.getState() == Bundle.INSTALLED && !wiring.resolveBundles(List.of(b))) {
                out.add(b.getSymbolicName() + " " + b.getVersion() + unmet(wiring, b));
            }
        }
        return out;
    }

    /** The mandatory requirements of a bundle that no installed bundle provides (FrameworkWiring.findProviders). */
    private static String unmet(FrameworkWiring wiring, Bundle b) {
        BundleRevision revision = b.adapt(BundleRevision.class);
        List<String> unmet = new ArrayList<>();
        for (Requirement r : revision == null ? List.<Requirement>of() : revision.getRequirements(null)) {
            Map<String, String> d = r.getDirectives();
            boolean optional = Namespace.RESOLUTION_OPTIONAL.equals(d.get(Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE));
            String effective = d.getOrDefault(Namespace.REQUIREMENT_EFFECTIVE_DIRECTIVE, Namespace.EFFECTIVE_RESOLVE);
            if (!optional && effective.equals(Namespace.EFFECTIVE_RESOLVE) && wiring.findProviders(r).isEmpty()) {
                unmet.add(d.getOrDefault(Namespace.REQUIREMENT_FILTER_DIRECTIVE, r.getNamespace()));
            }
        }
        return unmet.isEmpty() ? " (a bundle it needs cannot resolve)"
                : " (nothing provides " + String.join(", ", unmet) + ")";
    }
}
