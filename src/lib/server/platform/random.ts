import { randomInt as nodeRandomInt, randomBytes as nodeRandomBytes } from 'node:crypto';

/** The CSPRNG every code, token and alias comes from. */
export function randomBytes(n: number): Uint8Array {
	return new Uint8Array(nodeRandomBytes(n));
}

export function randomInt(maxExclusive: number): number {
	return nodeRandomInt(maxExclusive);
}
