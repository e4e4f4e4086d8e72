package com.opencar.car.ingest.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body that may be read up to a limit: reading past it throws {@link TooLarge},
 * so a body larger than allowed is refused without being read whole.
 */
final class BoundedBody extends FilterInputStream {

	private final long limit;

	private long read;

	BoundedBody(InputStream body, long limit) {
		super(body);
		this.limit = limit;
	}

	@Override
	public int read() throws IOException {
		int next = super.read();
		if (next != -1) {
			count(1);
		}
		return next;
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		if (length == 0) {
			return 0;
		}
		// one byte more than the limit shows that there is more
		int count = super.read(buffer, offset, (int) Math.min(length, this.limit - this.read + 1));
		if (count > 0) {
			count(count);
		}
		return count;
	}

	private void count(int bytes) throws TooLarge {
		this.read += bytes;
		if (this.read > this.limit) {
			throw new TooLarge(this.limit);
		}
	}

	/** The body is larger than allowed. */
	static final class TooLarge extends IOException {

		TooLarge(long limit) {
			super("the body is larger than " + limit + " bytes");
		}

	}

}
