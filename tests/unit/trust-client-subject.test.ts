import { describe, it, expect } from 'vitest';
import { clientSubject } from '$lib/server/auth/rate-limit';

describe('issue 9, finding 3: whom a per-client limit counts as one client', () => {
	it('attack: a script rotates through the addresses of its IPv6 /64 to get a fresh budget each time', () => {
		const one = clientSubject('2001:db8:5:6::1');
		for (const a of [
			'2001:db8:5:6::ffff',
			'2001:0db8:0005:0006:1234:5678:9abc:def0',
			'2001:DB8:5:6:0:0:0:2',
			'[2001:db8:5:6::3]',
			'fe80::1%eth0'.replace('fe80', '2001:db8:5:6').replace('::1', '::9')
		]) {
			expect(clientSubject(a), a).toBe(one);
		}
		expect(one).toBe('2001:db8:5:6::/64');
		expect(clientSubject('2001:db8:5:7::1')).not.toBe(one);
		expect(clientSubject('::')).toBe('0:0:0:0::/64');
		expect(clientSubject('2001:db8::5:6:7:8')).toBe('2001:db8:0:0::/64');
	});

	it('an IPv4 address is its own client, also when written as an IPv4-mapped IPv6 address', () => {
		expect(clientSubject('198.51.100.7')).toBe('198.51.100.7');
		expect(clientSubject('::ffff:198.51.100.7')).toBe('198.51.100.7');
		expect(clientSubject('198.51.100.8')).not.toBe(clientSubject('198.51.100.7'));
	});
});
