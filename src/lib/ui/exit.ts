/** Where "Leave this page" goes: a neutral, everyday page (the weather) that draws no attention. */
export const NEUTRAL_SITE = 'https://www.dr.dk/vejret';
