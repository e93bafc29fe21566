// The only script on the citizen pages (issue 12: the citizen face runs without the SvelteKit client runtime).
// Everything works without it; it adds three things a plain page cannot do:
//  1. Quick exit: the "Leave this page" link replaces this page in the history (so Back does not return here),
//     ends the code session in the background, and Shift pressed three times does the same from anywhere
//     (the GOV.UK "Exit this page" shortcut: Esc is often pressed by habit to close a menu, Shift ×3 is not).
//  2. Focus: after a redirect the element marked data-focus (the receipt's heading) gets focus, so a screen
//     reader says "Din tid er booket" instead of starting at the top of the page.
//  3. The code's copy and print buttons, which are hidden until this script shows them.
(function () {
	'use strict';
	var exit = document.querySelector('a.quick-exit');
	function leave(event) {
		if (event) event.preventDefault();
		var neutral = (exit && exit.getAttribute('data-neutral')) || 'https://www.dr.dk/vejret';
		try {
			if (navigator.sendBeacon) navigator.sendBeacon('/exit');
		} catch {
			/* leaving must never fail */
		}
		document.body.style.visibility = 'hidden';
		window.location.replace(neutral);
	}
	if (exit) exit.addEventListener('click', leave);
	var shifts = 0;
	var timer = null;
	document.addEventListener('keyup', function (event) {
		if (!exit) return;
		if (event.key !== 'Shift') {
			shifts = 0;
			return;
		}
		shifts += 1;
		clearTimeout(timer);
		timer = setTimeout(function () {
			shifts = 0;
		}, 5000);
		if (shifts >= 3) leave(null);
	});

	var target = document.querySelector('[data-focus]');
	if (target) target.focus();

	var copy = document.querySelector('[data-copy]');
	var status = document.querySelector('[data-copy-status]');
	if (copy && navigator.clipboard) {
		copy.hidden = false;
		copy.addEventListener('click', function () {
			navigator.clipboard.writeText(copy.getAttribute('data-copy')).then(
				function () {
					if (status) status.textContent = status.getAttribute('data-copied') || '';
				},
				function () {}
			);
		});
	}
	var print = document.querySelector('[data-print]');
	if (print) {
		print.hidden = false;
		print.addEventListener('click', function () {
			window.print();
		});
	}
})();
