package com.opencar.car.store.telemetry;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Rows in PostgreSQL's binary {@code COPY} format: each value is sent as the server
 * stores it, so neither side formats or parses timestamps and floating-point numbers as
 * text. Covers the types the telemetry table uses.
 *
 * @see <a href=
 * "https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.4">COPY binary
 * format</a>
 */
public final class BinaryCopy {

	private static final byte[] SIGNATURE = { 'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0 };

	/** PostgreSQL's timestamp epoch. */
	private static final Instant POSTGRES_EPOCH = Instant.parse("2000-01-01T00:00:00Z");

	/** The only jsonb binary format version. */
	private static final int JSONB_VERSION = 1;

	private final ByteArrayOutputStream bytes;

	private final DataOutputStream out;

	public BinaryCopy(int expectedBytes) {
		this.bytes = new ByteArrayOutputStream(expectedBytes);
		this.out = new DataOutputStream(this.bytes);
		write(() -> {
			this.out.write(SIGNATURE);
			this.out.writeInt(0); // flags: no OIDs
			this.out.writeInt(0); // no header extension
		});
	}

	public BinaryCopy row(int columns) {
		return write(() -> this.out.writeShort(columns));
	}

	public BinaryCopy text(String value) {
		byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
		return write(() -> {
			this.out.writeInt(utf8.length);
			this.out.write(utf8);
		});
	}

	public BinaryCopy int8(long value) {
		return write(() -> {
			this.out.writeInt(8);
			this.out.writeLong(value);
		});
	}

	public BinaryCopy timestamptz(Instant value) {
		// microseconds since 2000-01-01 UTC; finer precision is dropped as the column
		// would
		long micros = ChronoUnit.MICROS.between(POSTGRES_EPOCH, value);
		return int8(micros);
	}

	public BinaryCopy float8(Double value) {
		if (value == null) {
			return write(() -> this.out.writeInt(-1));
		}
		return write(() -> {
			this.out.writeInt(8);
			this.out.writeDouble(value);
		});
	}

	public BinaryCopy jsonb(byte[] utf8Json) {
		return write(() -> {
			this.out.writeInt(utf8Json.length + 1);
			this.out.writeByte(JSONB_VERSION);
			this.out.write(utf8Json);
		});
	}

	/**
	 * @return the whole stream, trailer included
	 */
	public byte[] finish() {
		write(() -> this.out.writeShort(-1));
		return this.bytes.toByteArray();
	}

	private BinaryCopy write(Output output) {
		try {
			output.write();
			return this;
		}
		catch (IOException ex) {
			// a ByteArrayOutputStream does not fail
			throw new UncheckedIOException(ex);
		}
	}

	@FunctionalInterface
	private interface Output {

		void write() throws IOException;

	}

}
