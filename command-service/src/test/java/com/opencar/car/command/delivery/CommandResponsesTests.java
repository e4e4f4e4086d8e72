package com.opencar.car.command.delivery;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.opencar.car.common.topic.MqttTopic;
import com.opencar.car.testsupport.TestVins;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the cars' answers are shared out among the workers.
 */
class CommandResponsesTests {

	private final TestVins vins = TestVins.fresh();

	@Test
	void aCarsAnswersAlwaysGoToTheSameWorkerAndTheCarsSpreadOverAll() {
		String[] topics = IntStream.range(0, 100)
			.mapToObj((index) -> MqttTopic.COMMAND_RESPONSES.of(this.vins.next()))
			.toArray(String[]::new);
		int[] first = IntStream.range(0, topics.length)
			.map((index) -> CommandResponses.queueOf(topics[index], 4))
			.toArray();
		// the same topic again, as a new string: the same queue
		int[] again = IntStream.range(0, topics.length)
			.map((index) -> CommandResponses.queueOf(new String(topics[index]), 4))
			.toArray();
		assertThat(again).containsExactly(first);
		assertThat(first).containsOnly(0, 1, 2, 3).contains(0, 1, 2, 3);
		// an answer without a topic still has a queue
		assertThat(CommandResponses.queueOf(null, 4)).isBetween(0, 3);
	}

}
