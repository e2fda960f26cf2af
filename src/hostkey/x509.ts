/**
 * The one door to `@peculiar/x509` for the host-key area: it loads the Reflect-metadata polyfill the
 * library's dependency injection (tsyringe) requires before the library itself, then re-exports the
 * library. Every module imports X.509 types and functions from here, never from the package.
 */
import 'reflect-metadata';

export * from '@peculiar/x509';
