// One time convention on every page: times show in the viewer's time zone, and the exact
// UTC instant shows on hover. The server renders <time datetime="ISO instant">; this
// rewrites each as it is swapped in.
const Time = {
	format: new Intl.DateTimeFormat(undefined, {
		year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
		timeZoneName: 'short'
	}),
	axis: new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' }),
	local(instant) {
		return this.format.format(new Date(instant));
	},
	utc(instant) {
		return new Date(instant).toISOString().replace('.000Z', 'Z').replace('T', ' ').replace('Z', ' UTC');
	},
	// a <time> element for an instant, for tables built in the browser
	element(instant) {
		const element = document.createElement('time');
		element.setAttribute('datetime', new Date(instant).toISOString());
		this.show(element);
		return element;
	},
	show(element) {
		const instant = element.getAttribute('datetime');
		if (!instant || Number.isNaN(Date.parse(instant))) {
			return;
		}
		element.textContent = this.local(instant);
		element.title = this.utc(instant);
	},
	apply(root) {
		root.querySelectorAll('time[datetime]').forEach((element) => this.show(element));
	}
};
document.addEventListener('DOMContentLoaded', () => Time.apply(document));
document.addEventListener('htmx:afterSwap', (event) => Time.apply(event.target));
