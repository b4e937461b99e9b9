package org.eclipse.kura.configuration;

/**
 * Stub of Kura's marker interface: a component implementing it, with MetaType metadata under its PID, is shown
 * and edited in Kura's web console (Kura 5 API).
 */
public interface ConfigurableComponent {
}
