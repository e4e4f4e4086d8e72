package com.opencar.car.testsupport;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.Phased;

/**
 * The order in which Spring's lifecycle processor starts and stops two beans, by its own
 * rules: a bean's dependencies start before it and its dependents stop before it,
 * whatever their phases; otherwise the lower phase starts first and stops last.
 * <p>
 * For the MQTT inbound adapters: they must start after and stop before the endpoints they
 * feed, or a message delivered in between is dropped. Declaring their phases is not
 * enough, since a dependency (such as every endpoint of a flow built from the adapter)
 * overrides the phases.
 */
public final class LifecycleOrder {

	private LifecycleOrder() {
	}

	/**
	 * @param context a running application context
	 * @param first a lifecycle bean's name
	 * @param second another's
	 * @return whether {@code first} starts after {@code second} and stops before it
	 */
	public static boolean startsAfterAndStopsBefore(ConfigurableApplicationContext context, String first,
			String second) {
		ConfigurableListableBeanFactory beans = context.getBeanFactory();
		if (dependents(beans, second).contains(first)) {
			return true;
		}
		if (dependents(beans, first).contains(second)) {
			return false;
		}
		return phase(context, first) > phase(context, second);
	}

	/** Every bean that depends on the named one, directly or through others. */
	static Set<String> dependents(ConfigurableListableBeanFactory beans, String name) {
		Set<String> found = new HashSet<>();
		Deque<String> next = new ArrayDeque<>(Set.of(name));
		while (!next.isEmpty()) {
			for (String dependent : beans.getDependentBeans(next.pop())) {
				if (found.add(dependent)) {
					next.push(dependent);
				}
			}
		}
		return found;
	}

	private static int phase(ConfigurableApplicationContext context, String name) {
		return (context.getBean(name) instanceof Phased phased) ? phased.getPhase() : 0;
	}

}
