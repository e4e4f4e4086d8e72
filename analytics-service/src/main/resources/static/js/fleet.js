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

	// the table's query: sorting by a column and paging set the form's hidden fields; a
	// new search or filter starts again at the first page
	const query = document.getElementById('fleet-query');
	const field = (name) => document.getElementById('fleet-' + name);
	query.addEventListener('submit', (event) => event.preventDefault());
	['fleet-search', 'fleet-status'].forEach((id) => document.getElementById(id)
		.addEventListener(id === 'fleet-search' ? 'input' : 'change', () => { field('page').value = '0'; }));
	document.getElementById('vehicles').addEventListener('click', (event) => {
		const sort = event.target.closest('button[data-sort]');
		const page = event.target.closest('button[data-page]');
		if (sort) {
			const again = field('sort').value === sort.dataset.sort;
			field('order').value = (again && field('order').value === 'asc') ? 'desc' : 'asc';
			field('sort').value = sort.dataset.sort;
			field('page').value = '0';
		}
		else if (page && !page.disabled) {
			field('page').value = page.dataset.page;
		}
		else {
			return;
		}
		htmx.trigger(query, 'query');
	});

	const events = new EventSource('/ui/events');
	events.addEventListener('tick', () => {
		htmx.trigger(body, 'refresh');
		positions();
	});
	events.addEventListener('alert', () => htmx.trigger(body, 'alert'));
	positions();
})();
