/** Staff pages keep the SvelteKit client runtime (enhanced forms, client-side navigation); see ../+layout.ts. */
export const csr = true;
