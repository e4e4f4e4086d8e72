package com.opencar.car.testsupport;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/**
 * The MongoDB emulator's H2 backend (data kept in a file), taught the {@code hello}
 * handshake of MongoDB 5+ drivers and Spring Boot's health check. Used by the local
 * platform and the MongoDB stand-in image; needs {@code mongo-java-server-h2-backend} on
 * the class path, which this module leaves to them.
 */
public class HelloAwareH2Backend extends H2Backend {

	/**
	 * @param file the H2 file holding the data
	 */
	public HelloAwareH2Backend(String file) {
		super(file);
	}

	@Override
	public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
		if (MongoHello.isHello(command)) {
			return MongoHello.reply(super.handleCommand(channel, databaseName, "isMaster", query));
		}
		return super.handleCommand(channel, databaseName, command, query);
	}

}
