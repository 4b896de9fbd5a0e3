// An inline illustration for Polaris EmptyState (which needs an image): no network request, so the
// admin works offline and a missing CDN never shows a broken image.
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="226" height="226" viewBox="0 0 226 226"><circle cx="113" cy="113" r="100" fill="#f1f1f1"/><rect x="58" y="70" width="50" height="62" rx="8" fill="#fff" stroke="#8a8a8a" stroke-width="3"/><rect x="118" y="94" width="50" height="62" rx="8" fill="#fff" stroke="#8a8a8a" stroke-width="3"/><path d="M108 101h10" stroke="#005bd3" stroke-width="4" stroke-linecap="round"/><circle cx="83" cy="95" r="9" fill="#005bd3" opacity=".25"/><circle cx="143" cy="119" r="9" fill="#005bd3" opacity=".25"/></svg>`;

export const EMPTY_STATE_IMAGE = `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;
