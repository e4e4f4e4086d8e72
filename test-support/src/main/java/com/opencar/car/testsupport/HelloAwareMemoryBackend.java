package com.opencar.car.testsupport;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/**
 * mongo-java-server's in-memory backend, taught the {@code hello} handshake command that
 * replaced {@code isMaster} in MongoDB 5 and that Spring Boot's MongoDB health check
 * sends. It can outlive its server, so an outage keeps the data. Also the MongoDB
 * stand-in image's backend.
 */
public class HelloAwareMemoryBackend extends MemoryBackend {

	/** While set, closing the server that uses this backend keeps the data. */
	private volatile boolean keepOnClose;

	void keepDataOnClose(boolean keep) {
		this.keepOnClose = keep;
	}

	@Override
	public void close() {
		if (!this.keepOnClose) {
			super.close();
		}
	}

	@Override
	public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
		if (MongoHello.isHello(command)) {
			return MongoHello.reply(super.handleCommand(channel, databaseName, "isMaster", query));
		}
		return super.handleCommand(channel, databaseName, command, query);
	}

}
