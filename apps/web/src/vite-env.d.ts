/// <reference types="vite/client" />

/** Det Fælles Designsystem's stylesheet (a vite alias, see vite.config.mts). */
declare module 'dkfds/css';
