// The maps' basemap: Leaflet's tile layer, and a note on the map when its tiles cannot
// load (offline, a blocked tile server). The cars are drawn on their own layer either way.
const Basemap = {
	add(map, url, attribution) {
		const tiles = L.tileLayer(url, { attribution: attribution, maxZoom: 19 });
		let noted = false;
		tiles.on('tileerror', () => {
			if (noted) {
				return;
			}
			noted = true;
			const note = L.control({ position: 'bottomleft' });
			note.onAdd = () => {
				const element = L.DomUtil.create('div', 'map-note');
				element.id = map.getContainer().id + '-note';
				element.textContent = 'Map tiles could not be loaded: positions are shown without a basemap.';
				return element;
			};
			note.addTo(map);
		});
		tiles.addTo(map);
		return tiles;
	}
};
