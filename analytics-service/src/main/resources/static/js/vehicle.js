// Vehicle page glue: Chart.js charts and the Leaflet track from the telemetry API, trips
// and the score from their APIs, command states from the event stream.
(function () {
	const body = document.body;
	const vin = body.dataset.vin;
	const SPEED = 'Vehicle.Speed';
	const SOC = 'Vehicle.Powertrain.TractionBattery.StateOfCharge.Current';
	const LAT = 'Vehicle.CurrentLocation.Latitude';
	const LON = 'Vehicle.CurrentLocation.Longitude';
	const range = document.getElementById('range');
	const extra = document.getElementById('extra-signal');

	function chart(id, label) {
		return new Chart(document.getElementById(id), {
			type: 'line',
			data: { datasets: [{ label: label, data: [], pointRadius: 1, borderWidth: 1.5 }] },
			options: {
				animation: false,
				parsing: false,
				// the viewer's time zone, as everywhere; the tooltip adds UTC
				plugins: {
					legend: { display: false },
					tooltip: { callbacks: { title: (items) => items.length
						? Time.local(items[0].parsed.x) + ' (' + Time.utc(items[0].parsed.x) + ')' : '' } }
				},
				scales: { x: { type: 'linear', ticks: { callback: (value) => Time.axis.format(new Date(value)) } } }
			}
		});
	}
	const charts = { [SPEED]: chart('speed-chart', 'speed'), [SOC]: chart('soc-chart', 'state of charge') };
	const extraChart = chart('extra-chart', 'signal');

	const map = L.map('map', { preferCanvas: true }).setView([52.52, 13.405], 12);
	if (body.dataset.tileUrl) {
		Basemap.add(map, body.dataset.tileUrl, body.dataset.tileAttribution);
	}
	const track = L.polyline([], { color: '#0969da', weight: 3 }).addTo(map);
	const position = L.circleMarker([0, 0], { radius: 7, color: '#cf222e' });

	function series(history, path) {
		return history.buckets
			.filter((bucket) => bucket.values[path])
			.map((bucket) => ({ x: Date.parse(bucket.start), y: bucket.values[path].avg }));
	}

	async function history() {
		const to = new Date();
		const from = new Date(to.getTime() - range.value * 3600 * 1000);
		const signals = [SPEED, SOC, LAT, LON, extra.value].join(',');
		const response = await fetch(`/api/v1/vehicles/${vin}/telemetry?signals=${signals}`
			+ `&from=${from.toISOString()}&to=${to.toISOString()}`);
		if (!response.ok) {
			return;
		}
		const data = await response.json();
		for (const [path, target] of Object.entries(charts)) {
			target.data.datasets[0].data = series(data, path);
			target.update();
		}
		extraChart.data.datasets[0].data = series(data, extra.value);
		extraChart.update();
		document.getElementById('extra-caption').textContent = extra.options[extra.selectedIndex].text;
		const points = data.buckets
			.filter((bucket) => bucket.values[LAT] && bucket.values[LON])
			.map((bucket) => [bucket.values[LAT].avg, bucket.values[LON].avg]);
		track.setLatLngs(points);
		if (points.length > 0) {
			position.setLatLng(points[points.length - 1]).addTo(map);
			map.fitBounds(track.getBounds(), { maxZoom: 15, padding: [20, 20] });
		}
		document.getElementById('map').dataset.points = points.length;
	}

	function cell(content) {
		const td = document.createElement('td');
		if (content instanceof Node) {
			td.append(content);
		}
		else {
			td.textContent = (content == null) ? '–' : content;
		}
		return td;
	}

	async function trips() {
		const response = await fetch(`/api/v1/vehicles/${vin}/trips`);
		if (response.ok) {
			const rows = (await response.json()).map((trip) => {
				const tr = document.createElement('tr');
				tr.append(cell(Time.element(trip.start)), cell(Math.round(trip.durationSeconds / 60) + ' min'),
					cell(trip.distanceKm), cell(trip.maxSpeedKmh), cell(trip.averageSpeedKmh), cell(trip.energyUsedPercent),
					cell(trip.harshEvents));
				return tr;
			});
			document.getElementById('trips').replaceChildren(...rows);
		}
		const score = await fetch(`/api/v1/vehicles/${vin}/driver-score`);
		if (score.ok) {
			const result = await score.json();
			const heading = document.createElement('p');
			heading.innerHTML = '<strong></strong>';
			heading.firstChild.textContent = (result.score == null) ? 'not yet scored' : result.score + ' / 100';
			const list = document.createElement('ul');
			for (const line of result.explanation) {
				const item = document.createElement('li');
				item.textContent = line;
				list.append(item);
			}
			document.getElementById('score').replaceChildren(heading, list);
		}
	}

	range.addEventListener('change', history);
	extra.addEventListener('change', history);

	let ticks = 0;
	const events = new EventSource('/ui/events?vin=' + vin);
	events.addEventListener('tick', () => {
		htmx.trigger(body, 'refresh');
		if (++ticks % 5 === 0) {
			history();
			trips();
		}
	});
	events.addEventListener('alert', () => htmx.trigger(body, 'alert'));
	// a transition may arrive before the panel shows the command's row: keep the latest
	const latest = {};
	function show(commandId) {
		const status = document.querySelector(`#cmd-${commandId} .status`);
		if (status && latest[commandId]) {
			status.textContent = latest[commandId];
		}
	}
	events.addEventListener('command', (event) => {
		const transition = JSON.parse(event.data);
		latest[transition.commandId] = transition.status + (transition.reason ? ' (' + transition.reason + ')' : '');
		show(transition.commandId);
	});
	document.getElementById('commands').addEventListener('htmx:afterSwap', () => {
		document.querySelectorAll('#commands tr[data-command-id]').forEach((row) => show(row.dataset.commandId));
		if (document.querySelector('#commands tr[data-command-id]')) {
			document.querySelectorAll('#commands tr.none').forEach((row) => row.remove());
		}
	});
	history();
	trips();
})();
