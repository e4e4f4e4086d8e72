package com.opencar.car.testsupport;

import de.bwaldvogel.mongo.bson.Document;

/**
 * The {@code hello} handshake that replaced {@code isMaster} in MongoDB 5 and that Spring
 * Boot's MongoDB health check sends, for mongo-java-server backends that only know
 * {@code isMaster}. Shared with the local platform.
 */
public final class MongoHello {

	private MongoHello() {
	}

	/**
	 * @param command a command's name
	 * @return whether it is {@code hello}, to be answered as {@code isMaster}
	 */
	public static boolean isHello(String command) {
		return "hello".equalsIgnoreCase(command);
	}

	/**
	 * @param isMasterReply the backend's answer to {@code isMaster}
	 * @return it as a {@code hello} answer
	 */
	public static Document reply(Document isMasterReply) {
		isMasterReply.put("isWritablePrimary", Boolean.TRUE);
		return isMasterReply;
	}

}
