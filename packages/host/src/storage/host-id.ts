import { hostname } from 'node:os';
import type { AppSettings } from './app-settings.js';

/** The longest host id the reference host uses. */
const MAX_HOST_ID_LENGTH = 32;

/**
 * The host id as the reference host chooses it (BINDINGS.md 8.1): `AzureFunctionsWebHost:hostid` verbatim;
 * else the App Service site name (plus `-<slot>` outside production); else the Linux Consumption host name;
 * else `<machine name>-<hash of the app path>`. Hosts that share storage share locks, timer status and
 * receipts only when their ids are equal.
 */
export function hostIdOf(settings: AppSettings, appDir: string, machineName = hostname()): string {
  const configured = settings.get('AzureFunctionsWebHost:hostid');
  if (configured) return configured;
  const site = settings.get('WEBSITE_SITE_NAME');
  if (site) {
    const slot = settings.get('WEBSITE_SLOT_NAME');
    return shorten(slot && slot.toLowerCase() !== 'production' ? `${site}-${slot}` : site);
  }
  const host = settings.get('WEBSITE_HOSTNAME');
  if (host && settings.get('CONTAINER_NAME')) return shorten(host.replace(/\.azurewebsites\.net$/i, ''));
  return shorten(`${machineName.replace(/[^A-Za-z0-9]/g, '')}-${Math.abs(stableHash(appDir))}`);
}

/** The reference host's `GetStableHash`: an int32 over UTF-16 code units. */
export function stableHash(text: string): number {
  let hash = 23;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash;
}

function shorten(id: string): string {
  return id.slice(0, MAX_HOST_ID_LENGTH).toLowerCase().replace(/-+$/, '');
}
