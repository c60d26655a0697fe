/**
 * The single entry to @peculiar/x509 inside this library: it needs the Reflect metadata polyfill (tsyringe)
 * loaded first, whoever imports us first.
 */
import 'reflect-metadata';

export * from '@peculiar/x509';
