/**
 * The benchmark suite's results: each benchmark records its stages as JSON, and the
 * suite's last step turns all of them into one Markdown table and one JSON file.
 */
package com.opencar.car.testsupport.benchmark;
