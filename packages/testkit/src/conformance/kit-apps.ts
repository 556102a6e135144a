import { fileURLToPath } from 'node:url';

/** The apps the kit ships, each with the kit's functions (see the package README). */
export const KIT_APPS = {
  /** Node.js, @azure/functions v4 programming model. */
  'node-v4': 'node-v4',
  /** Node.js, function.json folders (host indexing). */
  'node-legacy': 'node-legacy',
  /** Python, v2 programming model (function_app.py). */
  'python-v2': 'python-v2',
} as const;

/** One of the shipped apps. */
export type KitAppName = keyof typeof KIT_APPS;

/** The folder of a shipped app. */
export function kitApp(name: KitAppName): string {
  return fileURLToPath(new URL(`../../../apps/${KIT_APPS[name]}/`, import.meta.url));
}

/** The shipped app a worker of this language runs by default, if there is one. */
export function defaultKitApp(language: string): string | undefined {
  if (language === 'node') return kitApp('node-v4');
  if (language === 'python') return kitApp('python-v2');
  return undefined;
}
