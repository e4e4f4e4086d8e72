package com.opencar.car.testsupport;

import java.util.Map;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Starts the servers a {@link RealServers} test class names before its tests run, and
 * resolves their handles as test method parameters.
 */
public final class RealServersExtension implements BeforeAllCallback, ParameterResolver {

	private static final Map<Class<?>, Server> HANDLES = Map.of(TestKafka.class, Server.KAFKA, TestMqttBroker.class,
			Server.MQTT, TestPostgres.class, Server.POSTGRES, TestMongo.class, Server.MONGO, TestMosquitto.class,
			Server.MOSQUITTO);

	@Override
	public void beforeAll(ExtensionContext context) {
		AnnotationSupport.findAnnotation(context.getRequiredTestClass(), RealServers.class).ifPresent((servers) -> {
			for (Server server : servers.value()) {
				RealServersRegistry.get(server);
			}
		});
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return HANDLES.containsKey(parameterContext.getParameter().getType());
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return RealServersRegistry.get(HANDLES.get(parameterContext.getParameter().getType()));
	}

}
