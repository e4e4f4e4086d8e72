package com.opencar.car.command.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationListener;
import org.springframework.integration.mqtt.event.MqttSubscribedEvent;

/**
 * Which instances' sessions hold the answers' shared subscription, so that a stopping
 * instance hands its share over only while another one keeps it.
 * <p>
 * Mosquitto queues a shared subscription's messages to the sessions of members that are
 * away, so during a rollout the answers meant for the instance being replaced waited
 * until it was back, and commands whose cars had answered in time went TIMED_OUT. An
 * instance that is subscribed holds a session-level advisory lock in PostgreSQL (released
 * with its connection when the process dies, however it dies). A stopping instance, one
 * at a time, counts the other holders: if there is one it gives up its own lock and the
 * adapter unsubscribes; if there is none it keeps the subscription, so that the broker
 * queues the answers for it instead of dropping what no session holds. Whatever goes
 * wrong (no database, a broken connection, no answer within
 * {@link #QUERY_TIMEOUT_SECONDS}) answers "keep it".
 */
class AnswerSubscribers implements BooleanSupplier, ApplicationListener<MqttSubscribedEvent>, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(AnswerSubscribers.class);

	/** Each statement's bound: the question is asked inside a stop's grace period. */
	static final int QUERY_TIMEOUT_SECONDS = 5;

	/** The lock space ("CmdA"); the member with key 0 is the leavers' mutex. */
	static final int SPACE = 0x436D6441;

	private final DataSource dataSource;

	private final Object adapter;

	private final int member;

	/** Its own, unpooled: the lock lives as long as this connection. */
	private Connection connection;

	private boolean held;

	/**
	 * @param dataSource where the locks are held: unpooled, since a pool would keep a
	 * lock alive on a connection given back to it
	 * @param adapter the answers' inbound adapter, whose subscriptions count
	 * @param clientId its client id, which names the member
	 */
	AnswerSubscribers(DataSource dataSource, Object adapter, String clientId) {
		this.dataSource = dataSource;
		this.adapter = adapter;
		this.member = member(clientId);
	}

	/**
	 * @param clientId an instance's answers client id
	 * @return the key of its lock in {@link #SPACE}: positive, never the mutex's 0
	 */
	static int member(String clientId) {
		return Math.max(1, clientId.hashCode() & Integer.MAX_VALUE);
	}

	@Override
	public synchronized void onApplicationEvent(MqttSubscribedEvent event) {
		if (event.getSource() != this.adapter) {
			return;
		}
		try {
			if (this.connection == null || !this.connection.isValid(5)) {
				close();
				this.connection = this.dataSource.getConnection();
				this.connection.setAutoCommit(true);
			}
			if (!this.held) {
				// session locks count up, so taken once per connection; held still by a
				// connection of a killed predecessor the server has not noticed yet, it
				// is not taken, and this instance does not count until it resubscribes
				try (PreparedStatement lock = this.connection.prepareStatement("select pg_try_advisory_lock(?, ?)")) {
					lock.setInt(1, SPACE);
					lock.setInt(2, this.member);
					try (ResultSet taken = lock.executeQuery()) {
						this.held = taken.next() && taken.getBoolean(1);
					}
				}
			}
		}
		catch (SQLException ex) {
			logger.warn("Could not record this instance as subscribed to the answers; it keeps its subscription "
					+ "when it stops", ex);
			close();
		}
	}

	/**
	 * Whether another instance stays subscribed; if so, this one no longer counts.
	 */
	@Override
	public synchronized boolean getAsBoolean() {
		if (this.connection == null || !this.held) {
			return false;
		}
		try {
			this.connection.setAutoCommit(false);
			try {
				boolean others = othersWhileLeaving();
				this.connection.commit();
				return others;
			}
			catch (SQLException ex) {
				this.connection.rollback();
				throw ex;
			}
			finally {
				this.connection.setAutoCommit(true);
			}
		}
		catch (SQLException ex) {
			logger.warn("Could not tell whether another instance receives the answers; keeping the subscription", ex);
			close();
			return false;
		}
	}

	private boolean othersWhileLeaving() throws SQLException {
		try (PreparedStatement mutex = this.connection.prepareStatement("select pg_advisory_xact_lock(?, 0)")) {
			mutex.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
			mutex.setInt(1, SPACE);
			mutex.execute();
		}
		long others;
		try (PreparedStatement count = this.connection.prepareStatement("""
				select count(*) from pg_locks
				where locktype = 'advisory' and granted and objsubid = 2
				  and database = (select oid from pg_database where datname = current_database())
				  and classid::int = ? and objid::int not in (0, ?)
				""")) {
			count.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
			count.setInt(1, SPACE);
			count.setInt(2, this.member);
			try (ResultSet rows = count.executeQuery()) {
				rows.next();
				others = rows.getLong(1);
			}
		}
		if (others == 0) {
			return false;
		}
		try (PreparedStatement unlock = this.connection.prepareStatement("select pg_advisory_unlock(?, ?)")) {
			unlock.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
			unlock.setInt(1, SPACE);
			unlock.setInt(2, this.member);
			unlock.execute();
		}
		this.held = false;
		return true;
	}

	/** Gives the lock up with its connection. */
	@Override
	public synchronized void close() {
		if (this.connection != null) {
			try {
				this.connection.close();
			}
			catch (SQLException ex) {
				logger.debug("Closing the lock connection failed", ex);
			}
			this.connection = null;
		}
		this.held = false;
	}

}
