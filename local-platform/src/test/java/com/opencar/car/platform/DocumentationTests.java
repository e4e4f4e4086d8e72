package com.opencar.car.platform;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.common.topic.MqttTopic;
import com.opencar.car.common.topic.RecordHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documents in {@code docs/} keep up with the code they describe: every contract
 * topic and header is in {@code contracts.md}, every configuration property of every
 * service in {@code configuration.md}.
 */
class DocumentationTests {

	private static final Path DOCS = Path.of("..", "docs");

	@Test
	void theContractsNameEveryTopicAndHeader() throws Exception {
		String contracts = Files.readString(DOCS.resolve("contracts.md"));
		List<String> names = new ArrayList<>();
		for (MqttTopic topic : MqttTopic.values()) {
			names.add("`vehicles/{vin}/" + topic.suffix() + "`");
		}
		for (KafkaTopic topic : KafkaTopic.values()) {
			names.add("`" + topic.topicName() + "`");
		}
		for (Field field : RecordHeaders.class.getFields()) {
			if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
				names.add("`" + field.get(null) + "`");
			}
		}
		assertThat(names).hasSizeGreaterThan(MqttTopic.values().length + KafkaTopic.values().length)
			.allSatisfy((name) -> assertThat(contracts).as("docs/contracts.md").contains(name));
	}

	@Test
	void theReadmeStaysShortAndEveryRelativeLinkLeadsToAFile() throws IOException {
		Path readme = Path.of("..", "README.md");
		assertThat(Files.readAllLines(readme)).as("README.md lines").hasSizeLessThanOrEqualTo(200);
		List<Path> documents = new ArrayList<>(List.of(readme));
		try (var files = Files.list(DOCS)) {
			files.filter((file) -> file.toString().endsWith(".md")).forEach(documents::add);
		}
		Pattern link = Pattern.compile("\\]\\(([^)#:]+)(#[^)]*)?\\)");
		for (Path document : documents) {
			Matcher links = link.matcher(Files.readString(document));
			while (links.find()) {
				Path target = document.getParent().resolve(links.group(1)).normalize();
				assertThat(target).as("%s links to %s", document, links.group(1)).exists();
			}
		}
	}

	@Test
	void theConfigurationListsEveryPropertyOfEveryService() throws IOException {
		String configuration = Files.readString(DOCS.resolve("configuration.md"));
		TreeSet<String> properties = new TreeSet<>();
		List<URL> metadata = Collections
			.list(getClass().getClassLoader().getResources("META-INF/spring-configuration-metadata.json"));
		JsonMapper json = JsonMapper.builder().build();
		for (URL url : metadata) {
			try (InputStream in = url.openStream()) {
				for (JsonNode property : json.readTree(in).path("properties")) {
					String name = property.path("name").asString();
					if (name.startsWith("car.")) {
						properties.add(name);
					}
				}
			}
		}
		// the services', the simulator's, the development issuer's and the shared ones
		assertThat(Arrays.asList("car.ingest.", "car.command.", "car.store.", "car.analytics.", "car.simulator.",
				"car.dev-issuer.", "car.security."))
			.allSatisfy((prefix) -> assertThat(properties).anyMatch((name) -> name.startsWith(prefix)));
		assertThat(properties)
			.allSatisfy((name) -> assertThat(configuration).as("docs/configuration.md").contains("`" + name + "`"));
		// and none it lists is gone: each row's property is bound by a record, or is the
		// one read directly
		List<String> listed = configuration.lines()
			.filter((line) -> line.startsWith("| `car."))
			.map((line) -> line.substring(3, line.indexOf('`', 3)))
			.toList();
		assertThat(listed).hasSizeGreaterThanOrEqualTo(properties.size())
			.allSatisfy((name) -> assertThat(properties.contains(name) || name.equals("car.paths.stuck-after"))
				.as("%s is a property", name)
				.isTrue());
	}

}
