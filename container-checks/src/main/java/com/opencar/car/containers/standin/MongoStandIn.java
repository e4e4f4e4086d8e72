package com.opencar.car.containers.standin;

import java.util.concurrent.CountDownLatch;

import de.bwaldvogel.mongo.MongoServer;

import com.opencar.car.testsupport.HelloAwareH2Backend;
import com.opencar.car.testsupport.HelloAwareMemoryBackend;

/**
 * The MongoDB stand-in image's server: the MongoDB-compatible emulator the tests use, its
 * data in an H2 file, on all interfaces. Where no registry is reachable it takes the
 * place of {@code mongo:8} under the same compose service name.
 */
public final class MongoStandIn {

	private MongoStandIn() {
	}

	/**
	 * @param args the port, and optionally the H2 file that keeps the data
	 * @throws InterruptedException when interrupted while serving
	 */
	public static void main(String[] args) throws InterruptedException {
		int port = Integer.parseInt(args[0]);
		String file = (args.length > 1) ? args[1] : null;
		MongoServer server = new MongoServer(
				(file != null) ? new HelloAwareH2Backend(file) : new HelloAwareMemoryBackend());
		server.bind("0.0.0.0", port);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			server.shutdown();
			stopped.countDown();
		}, "mongo-stand-in-stop"));
		System.out.println("MongoDB stand-in (mongo-java-server, data " + ((file != null) ? "in " + file : "in memory")
				+ ") on port " + port);
		stopped.await();
	}

}
