package io.streetgate.control;

import io.streetgate.analytics.AnalyticsRecord;
import io.streetgate.analytics.light.AmbientLight;
import io.streetgate.analytics.privacy.NodeOutputs;
import io.streetgate.analytics.privacy.PrivacyGate;
import io.streetgate.driver.Health;
import io.streetgate.driver.HealthState;
import io.streetgate.driver.Measurement;
import io.streetgate.gateway.api.ActuatorFactory;
import io.streetgate.gateway.api.AnalyticsView;
import io.streetgate.gateway.api.Command;
import io.streetgate.gateway.api.CommandAudit;
import io.streetgate.gateway.api.CommandHandler;
import io.streetgate.gateway.api.CommandResult;
import io.streetgate.gateway.api.ComponentStatus;
import io.streetgate.gateway.api.HealthRegistry;
import io.streetgate.gateway.api.LocalBroker;
import io.streetgate.gateway.api.MeasurementListener;
import io.streetgate.gateway.api.Outbound;
import io.streetgate.gateway.api.format.UplinkJson;
import io.streetgate.site.ConfigAdminMapping;
import io.streetgate.site.ControlConfig;
import io.streetgate.site.SiteConfig;
import io.streetgate.site.osgi.CurrentSite;
import io.streetgate.driver.time.TimeBase;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;

/**
 * The control loops of the node (docs/control.md) as one component: it reads the site file's actuators and
 * control sections, makes the actuator drivers, steps the loops on their own thread at the configured period
 * of gateway time ({@link ControlRunner}: no failure stops it, and it is watched as {@code loop/control}), takes the readings it needs from the pipeline ({@link MeasurementListener}), owns the
 * {@code actuator.override}, {@code actuator.release} and {@code lighting.presence} commands, reports every
 * actuator as {@code actuator/<id>} and itself as {@code control} in the status, and sends actuator states,
 * audit records and the night's energy out of the node through {@link Outbound} (which applies the clock rule). Its audit log also takes the commands the
 * uplink refused before they reached an owner ({@link CommandAudit}). Its state and audit log are in the state
 * directory's {@code control/} folder.
 */
@Component(immediate = true, service = {CommandHandler.class, MeasurementListener.class, CommandAudit.class},
        configurationPid = ConfigAdminMapping.CONTROL_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ControlComponent.Config.class)
public class ControlComponent implements CommandHandler, MeasurementListener, CommandAudit {

    private static final Logger LOG = LoggerFactory.getLogger(ControlComponent.class);
    private static final long AUDIT_BYTES = 256 * 1024;

    @ObjectClassDefinition(name = "streetgate control",
            description = "Streetlight and HVAC control loops, overrides and their audit; configured in the site "
                    + "file's actuators and control sections (this configuration records a fingerprint of them).")
    public @interface Config {
        @AttributeDefinition(name = "Fingerprint of the actuators and control sections")
        String fingerprint() default "";

        @AttributeDefinition(name = "Actuators", min = "0")
        long actuators() default 0;

        @AttributeDefinition(name = "Loop period (ms)", min = "100", max = "60000")
        long period_ms() default 1000;
    }

    private final TimeBase time;
    private final HealthRegistry health;
    private final AnalyticsView analytics;
    private final Outbound outbound;
    /** Actuator states, audit records and the night's energy leave through it, like the analytics' records. */
    private final PrivacyGate gate = NodeOutputs.gate();
    private final ControlRunner runner;
    private final ControlLoop loop;
    private final String node;
    private volatile LocalBroker broker;

    @Activate
    public ControlComponent(BundleContext context, @Reference TimeBase time, @Reference HealthRegistry health,
                            @Reference CurrentSite site, @Reference ActuatorFactory actuators,
                            @Reference AnalyticsView analytics, @Reference Outbound outbound) {
        this(stateDirectory(context), ControlRunner.controlThread(), time, health, site, actuators, analytics,
                outbound);
    }

    private static Path stateDirectory(BundleContext context) {
        String stateDir = context.getProperty("streetgate.state.dir");
        return Path.of(stateDir == null ? "." : stateDir);
    }

    /**
     * The control outside the framework, stepped on {@code thread} (shut down when it stops), its state and audit
     * log in {@code stateDir}'s {@code control/}: the repeatable hour of docs/simulation.md steps it in gateway
     * time with the sampling and the pipeline.
     */
    public ControlComponent(Path stateDir, ScheduledExecutorService thread, TimeBase time, HealthRegistry health,
                            CurrentSite site, ActuatorFactory actuators, AnalyticsView analytics, Outbound outbound) {
        this.time = time;
        this.outbound = outbound;
        this.health = health;
        this.analytics = analytics;
        SiteConfig config = site.config().orElseThrow(() -> new IllegalStateException("no usable site file"));
        ControlConfig control = config.control().orElse(new ControlConfig(ControlConfig.DEFAULT_PERIOD,
                ControlConfig.DEFAULT_MAX_OVERRIDE, ControlConfig.DEFAULT_REPORT_EVERY, Optional.empty(), List.of()));
        this.node = config.node().id();
        Path dir = stateDir.resolve("control");
        this.runner = new ControlRunner(time, health, control.period(), () -> new ControlLoop(control,
                config.actuators(), actuators, new Env(), new StateStore(dir.resolve("state.json")),
                new AuditLog(dir.resolve("audit.log"), AUDIT_BYTES, node), time.now(), time::nanos), thread);
        this.loop = runner.loop();
        LOG.info("Control: {} actuator(s), lighting {}, {} HVAC zone(s), a step every {} of gateway time",
                config.actuators().size(), control.lighting().isPresent() ? "on" : "off", control.hvac().size(),
                control.period());
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setBroker(LocalBroker broker) {
        this.broker = broker;
    }

    void unsetBroker(LocalBroker broker) {
        if (this.broker == broker) {
            this.broker = null;
        }
    }

    @Override
    public void accept(Measurement measurement) {
        loop.inputs().accept(measurement);
    }

    @Override
    public Set<String> commands() {
        return ControlLoop.commands();
    }

    /** Runs the command on the control thread, between steps, so that it sees and changes one consistent state. */
    @Override
    public CommandResult handle(Command command) {
        try {
            return runner.call(() -> loop.command(command, time.now()), 10);
        } catch (TimeoutException e) {
            return CommandResult.refused("the control loop did not take the command within 10 s; it was not applied");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CommandResult.refused("interrupted");
        } catch (ExecutionException e) {
            return CommandResult.refused(command.name() + " failed: " + e.getCause());
        }
    }

    /** Recorded on the caller's thread: the log and the way out are thread-safe, and the control's step is not held up. */
    @Override
    public void refused(Instant at, String commandId, String name, String target, String origin,
                        java.util.Collection<String> argumentNames, String reason) {
        loop.refusedUpstream(AuditLog.refusal(at, commandId, name, target, origin, argumentNames, reason));
    }

    @Deactivate
    void deactivate() {
        runner.close();
        for (String id : loop.actuators()) {
            health.remove("actuator/" + id);
        }
        health.remove("control");
    }

    /** The gateway around the loop. */
    private final class Env implements ControlLoop.Environment {

        @Override
        public Optional<AmbientLight> ambient(String sensorId) {
            return analytics.ambientLight(sensorId);
        }

        @Override
        public boolean faulty(String sensorId) {
            String name = "sensor/" + sensorId;
            return health.snapshot().stream().filter(s -> s.name().equals(name)).map(ComponentStatus::health)
                    .map(Health::state).anyMatch(HealthState.FAULTY::equals);
        }

        @Override
        public void report(List<ComponentStatus> parts) {
            health.reportAll(parts);
        }

        @Override
        public void publish(AnalyticsRecord record) {
            gate.filter(record).ifPresent(outbound::send);
        }

        @Override
        public void announce(String lampId, List<String> neighbours, Instant at) {
            LocalBroker b = broker;
            if (b == null) {
                return;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("node", node);
            body.put("lamp", lampId);
            body.put("neighbours", neighbours);
            body.put("at", at);
            try {
                b.publish("streetgate/" + node + "/lighting/presence/" + lampId, UplinkJson.object(body), 0, false);
            } catch (RuntimeException e) {
                LOG.debug("Presence announcement not published: {}", e.toString());
            }
        }
    }
}
