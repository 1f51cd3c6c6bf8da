// The service worker keeps this page for when there is no connection: plain HTML and the cached styles,
// no script (which would try to load data it cannot reach).
export const csr = false;
