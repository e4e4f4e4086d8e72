package com.opencar.car.store.telemetry;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Rows in PostgreSQL's binary {@code COPY} format: each value is sent as the server
 * stores it, so neither side formats or parses timestamps and floating-point numbers as
 * text. Covers the types the telemetry table uses.
 * <p>
 * Rows are encoded into a small buffer that is handed to the {@link Chunks} whenever it
 * fills, so with a streaming {@code COPY} the server stores the first rows while the
 * later ones are still being encoded, and a batch never exists twice in memory.
 *
 * @see <a href=
 * "https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.4">COPY binary
 * format</a>
 */
public final class BinaryCopy {

	private static final byte[] SIGNATURE = { 'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0 };

	private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

	private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

	/** PostgreSQL's timestamp epoch, in microseconds after the Unix epoch. */
	private static final long POSTGRES_EPOCH_MICROS = ChronoUnit.MICROS.between(Instant.EPOCH,
			Instant.parse("2000-01-01T00:00:00Z"));

	/** The only jsonb binary format version. */
	private static final int JSONB_VERSION = 1;

	private static final int BUFFER_SIZE = 64 * 1024;

	private final Chunks out;

	private final byte[] buffer = new byte[BUFFER_SIZE];

	private int position;

	/**
	 * Starts a stream with its header.
	 * @param out where the encoded chunks go, in order
	 */
	public BinaryCopy(Chunks out) throws SQLException {
		this.out = out;
		bytes(SIGNATURE, SIGNATURE.length);
		int32(0); // flags: no OIDs
		int32(0); // no header extension
	}

	public BinaryCopy row(int columns) throws SQLException {
		room(2);
		this.buffer[this.position++] = (byte) (columns >>> 8);
		this.buffer[this.position++] = (byte) columns;
		return this;
	}

	public BinaryCopy text(String value) throws SQLException {
		byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
		int32(utf8.length);
		bytes(utf8, utf8.length);
		return this;
	}

	public BinaryCopy int8(long value) throws SQLException {
		int32(8);
		room(8);
		LONG.set(this.buffer, this.position, value);
		this.position += 8;
		return this;
	}

	public BinaryCopy timestamptz(Instant value) throws SQLException {
		// microseconds since 2000-01-01 UTC; finer precision is dropped as the column
		// would
		long micros = Math.addExact(Math.multiplyExact(value.getEpochSecond(), 1_000_000L), value.getNano() / 1_000);
		return int8(micros - POSTGRES_EPOCH_MICROS);
	}

	public BinaryCopy float8(Double value) throws SQLException {
		if (value == null) {
			int32(-1);
			return this;
		}
		return int8(Double.doubleToRawLongBits(value));
	}

	public BinaryCopy jsonb(byte[] utf8Json) throws SQLException {
		int32(utf8Json.length + 1);
		room(1);
		this.buffer[this.position++] = JSONB_VERSION;
		bytes(utf8Json, utf8Json.length);
		return this;
	}

	/**
	 * Ends the stream with its trailer and hands over what is still buffered.
	 */
	public void finish() throws SQLException {
		row(-1);
		flush();
	}

	private void int32(int value) throws SQLException {
		room(4);
		INT.set(this.buffer, this.position, value);
		this.position += 4;
	}

	private void bytes(byte[] value, int length) throws SQLException {
		if (length > BUFFER_SIZE - this.position) {
			flush();
			if (length > BUFFER_SIZE) {
				this.out.write(value, length);
				return;
			}
		}
		System.arraycopy(value, 0, this.buffer, this.position, length);
		this.position += length;
	}

	private void room(int length) throws SQLException {
		if (length > BUFFER_SIZE - this.position) {
			flush();
		}
	}

	private void flush() throws SQLException {
		if (this.position > 0) {
			this.out.write(this.buffer, this.position);
			this.position = 0;
		}
	}

	/**
	 * Receives the encoded stream chunk by chunk, for example a
	 * {@link org.postgresql.copy.CopyIn}. A chunk's array is reused once {@code write}
	 * returns.
	 */
	@FunctionalInterface
	public interface Chunks {

		void write(byte[] bytes, int length) throws SQLException;

	}

}
