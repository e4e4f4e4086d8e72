package com.opencar.car.store.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

import com.opencar.car.testsupport.RealServers;
import com.opencar.car.testsupport.Server;

/**
 * A whole store against real Kafka, PostgreSQL and the MongoDB-compatible server. The
 * context is closed after the class: a cached context would keep consuming in the same
 * consumer groups and take partitions from the next test's store.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest
@DirtiesContext
@Import(StoreTopics.class)
@RealServers({ Server.KAFKA, Server.POSTGRES, Server.MONGO })
public @interface StoreIntegrationTest {

}
