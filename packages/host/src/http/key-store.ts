import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import {
  KEY_HEADER,
  KEY_QUERY_PARAMETER,
  readQuery,
  type KeyIdentity,
  type QueryEntry,
} from '@functions-rpc/protocol';
import type { HttpFunctionDescriptor } from './http-dispatcher.js';
import { requestTarget } from './request-parts.js';

/** The app's folder of local host state, ignored by git through its own `.gitignore`. */
export const STATE_FOLDER = '.fnrpc';

/** The secrets file, inside {@link STATE_FOLDER}. */
export const SECRETS_FILE_NAME = 'secrets.json';

/** Where earlier versions kept the secrets file (in the app folder itself); moved into the folder when found. */
const OLD_SECRETS_FILE_NAME = '.fnrpc-secrets.json';

/** Ignores everything in the state folder, itself included, so that no key is committed by accident. */
const GITIGNORE = '# Local state of fnrpc (keys included): never commit it.\n*\n';

/** A function's `authLevel`. */
export type AuthLevel = HttpFunctionDescriptor['authLevel'];

/** One key as stored in the secrets file (the reference host's format). */
interface StoredKey {
  readonly name: string;
  readonly value: string;
  readonly encrypted: boolean;
}

interface SecretsFile {
  readonly masterKey: StoredKey;
  readonly functionKeys: readonly StoredKey[];
}

interface KnownKey extends KeyIdentity {
  readonly digest: Buffer;
}

const SECRETS_MODE = 0o600;
const FOLDER_MODE = 0o700;

/**
 * The host's keys: a master key (satisfies every auth level) and function keys (satisfy `function`). Created
 * on first start with random url-safe values in `<appDir>/.fnrpc/secrets.json` (mode 0600, tightened again when
 * found looser; the folder has a `.gitignore` of `*`, so the keys are not committed by accident) and reused
 * afterwards. Presented keys are compared in constant time over SHA-256 digests.
 */
export class KeyStore {
  /** The master key, for printing at start and for admin requests. */
  readonly masterKey: string;
  /** The default function key, for printing at start. */
  readonly functionKey: string;
  /** The secrets file's path. */
  readonly file: string;
  readonly #known: readonly KnownKey[];

  private constructor(secrets: SecretsFile, file: string) {
    this.file = file;
    this.masterKey = secrets.masterKey.value;
    this.functionKey = secrets.functionKeys.find((key) => key.name === 'default')?.value ?? '';
    this.#known = [
      { level: 'admin', keyName: secrets.masterKey.name, digest: digest(secrets.masterKey.value) },
      ...secrets.functionKeys.map((key) => ({
        level: 'function' as const,
        keyName: key.name,
        digest: digest(key.value),
      })),
    ];
  }

  /**
   * Opens the app's secrets file, creating it with fresh keys when it does not exist.
   *
   * @throws Error when the file exists but is not a valid secrets file (it is never overwritten).
   */
  static async open(appDir: string): Promise<KeyStore> {
    const path = await prepareStateFolder(appDir);
    await moveOldSecrets(join(appDir, OLD_SECRETS_FILE_NAME), path);
    const created = await createSecrets(path);
    if (created) return new KeyStore(created, path);
    await tighten(path);
    return new KeyStore(parseSecrets(await readFile(path, 'utf8'), path), path);
  }

  /** Identifies a presented key; undefined when it is absent or matches no key. */
  identify(key: string | undefined): KeyIdentity | undefined {
    if (key === undefined || key === '') return undefined;
    const presented = digest(key);
    let found: KnownKey | undefined;
    // Every key is compared so the time taken does not tell which one matched.
    for (const known of this.#known) {
      if (timingSafeEqual(presented, known.digest) && !found) found = known;
    }
    return found && { level: found.level, keyName: found.keyName };
  }

  /** True when the request's key (see {@link presentedKey}) satisfies the level. */
  authorize(request: IncomingMessage, level: AuthLevel): boolean {
    return satisfies(this.identify(presentedKey(request)), level);
  }
}

/**
 * The key a request presents, by the reference host's one rule for function and admin routes alike: the first
 * `x-functions-key` header when there is one (even empty), else the first value of the `code` query key, whose
 * name is matched in any case.
 */
export function presentedKey(
  request: Pick<IncomingMessage, 'rawHeaders' | 'url'>,
  query: ReadonlyMap<string, QueryEntry> = readQuery(requestTarget(request.url ?? '/').search),
): string | undefined {
  const raw = request.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() === KEY_HEADER) return raw[i + 1];
  }
  return query.get(KEY_QUERY_PARAMETER)?.first;
}

/** True when a key identity (or none) satisfies an auth level: master satisfies all, function keys `function`. */
export function satisfies(identity: KeyIdentity | undefined, level: AuthLevel): boolean {
  if (level === 'anonymous') return true;
  if (!identity) return false;
  return identity.level === 'admin' || level === 'function';
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function newKey(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Writes a fresh secrets file unless one exists; returns the new secrets, or undefined when it existed.
 * The file is written whole under a temporary name and then linked into place, so a second host opening
 * the same app at the same moment reads either no file or a complete one, never a half-written one.
 */
async function createSecrets(path: string): Promise<SecretsFile | undefined> {
  const secrets: SecretsFile = {
    masterKey: { name: 'master', value: newKey(), encrypted: false },
    functionKeys: [{ name: 'default', value: newKey(), encrypted: false }],
  };
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, `${JSON.stringify(secrets, null, 2)}\n`, { mode: SECRETS_MODE, flag: 'wx' });
  try {
    await link(temporary, path);
    return secrets;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  } finally {
    await unlink(temporary);
  }
}

/** Creates the state folder (0700) and its `.gitignore` unless they exist; returns the secrets file's path. */
async function prepareStateFolder(appDir: string): Promise<string> {
  const folder = join(appDir, STATE_FOLDER);
  await mkdir(folder, { recursive: true, mode: FOLDER_MODE });
  await writeFile(join(folder, '.gitignore'), GITIGNORE, { flag: 'wx' }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  });
  return join(folder, SECRETS_FILE_NAME);
}

/** Keeps the keys of an app that has a secrets file where earlier versions wrote it, by moving it. */
async function moveOldSecrets(old: string, path: string): Promise<void> {
  try {
    await link(old, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // No old file, or the new one exists already (then the old one is left alone).
    if (code === 'ENOENT' || code === 'EEXIST') return;
    throw error;
  }
  await unlink(old);
}

async function tighten(path: string): Promise<void> {
  const { mode } = await stat(path);
  if ((mode & 0o077) !== 0) await chmod(path, SECRETS_MODE);
}

function parseSecrets(text: string, path: string): SecretsFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`The secrets file ${path} is not JSON: ${(error as Error).message}`);
  }
  const file = parsed as Partial<SecretsFile> | null;
  const master = file?.masterKey;
  const functionKeys = file?.functionKeys ?? [];
  if (!isKey(master) || !Array.isArray(functionKeys) || !functionKeys.every(isKey)) {
    throw new Error(
      `The secrets file ${path} needs "masterKey" {name, value} and "functionKeys" [{name, value}].`,
    );
  }
  if (master.encrypted || functionKeys.some((key) => key.encrypted)) {
    throw new Error(`The secrets file ${path} holds encrypted keys, which this host cannot read.`);
  }
  return { masterKey: master, functionKeys };
}

function isKey(value: unknown): value is StoredKey {
  const key = value as Partial<StoredKey> | null | undefined;
  return typeof key?.name === 'string' && typeof key.value === 'string' && key.value !== '';
}
