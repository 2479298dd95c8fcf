// Vite bundles imported stylesheets (the app's palette, xterm's own CSS); TypeScript only needs
// to know such an import is allowed.
declare module '*.css';
