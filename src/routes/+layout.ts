/**
 * The citizen face is plain HTML with form posts and redirects (POST/redirect/GET), without the SvelteKit
 * client runtime: one page model, so JavaScript on and off cannot drift apart (issue 12, item 8). The small
 * static/citizen.js adds the quick exit's shortcut and history replacement, focus after a redirect and the
 * code's copy button. The staff face turns the runtime back on (staff/+layout.ts).
 */
export const csr = false;
