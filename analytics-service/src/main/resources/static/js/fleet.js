// Fleet page glue: htmx swaps the fragments, Leaflet draws the positions, the event
// stream says when to refresh.
(function () {
	const body = document.body;
	const map = L.map('map', { preferCanvas: true }).setView([52.52, 13.405], 11);
	if (body.dataset.tileUrl) {
		Basemap.add(map, body.dataset.tileUrl, body.dataset.tileAttribution);
	}
	const markers = L.layerGroup().addTo(map);
	let fitted = false;

	async function positions() {
		const response = await fetch('/api/v1/vehicles?size=500');
		if (!response.ok) {
			return;
		}
		const page = await response.json();
		markers.clearLayers();
		const points = [];
		for (const vehicle of page.content) {
			if (vehicle.latitude == null || vehicle.longitude == null) {
				continue;
			}
			const point = [vehicle.latitude, vehicle.longitude];
			points.push(point);
			L.circleMarker(point, { radius: 6, color: vehicle.online ? '#1a7f37' : '#8c959f' })
				.bindTooltip(vehicle.vin)
				.on('click', () => { location.href = '/vehicles/' + vehicle.vin; })
				.addTo(markers);
		}
		if (!fitted && points.length > 0) {
			map.fitBounds(points, { maxZoom: 14, padding: [20, 20] });
			fitted = true;
		}
		document.getElementById('map').dataset.markers = points.length;
	}

	const events = new EventSource('/ui/events');
	events.addEventListener('tick', () => {
		htmx.trigger(body, 'refresh');
		positions();
	});
	events.addEventListener('alert', () => htmx.trigger(body, 'alert'));
	positions();
})();
