/**
 * The sweeper for runs that could not clean up (SIGKILL, the out-of-memory killer, a lost CI runner): finds
 * the keys a run made by their alias (every alias of a run starts with its id), or every key of any run older
 * than a given age, adds the keys a surviving state folder of the run recorded on this machine, and schedules
 * them for deletion. Keys already pending deletion are left as they are.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CleanedKey, type CreatedKey, readState } from '../config/state.js';
import type { KmsClient } from '../transport/client.js';
import { listAll } from '../transport/list-keys.js';
import { cleanUp } from './cleanup.js';
import { type RunState, runStateFile } from './prepare.js';

export interface SweepOptions {
  readonly client: KmsClient;
  /** The target as the run was given it: a state folder counts only for the same target and project. */
  readonly target: string;
  readonly projectId: string;
  /** One run's keys: aliases that start with `<runId>-`. */
  readonly runId?: string;
  /** Every run's keys (aliases `kmsct-...`) created longer ago than this. */
  readonly olderThanMs?: number;
  readonly dryRun: boolean;
  readonly now?: number;
}

export interface FoundKey {
  readonly keyId: string;
  readonly alias: string;
  /** How it was found: its alias in list-keys, or a state folder of the run that survived. */
  readonly from: 'list-keys' | 'state folder';
}

export interface Sweep {
  /** list-keys answered 200, or what it answered instead; without it only state folders say what a run made. */
  readonly listed: true | { readonly status: number; readonly text: string };
  readonly found: readonly FoundKey[];
  readonly cleaned: readonly CleanedKey[];
}

/** A key's creation_date as epoch milliseconds (the docs say seconds, their examples show milliseconds). */
const createdAt = (value: string | undefined) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) return undefined;
  return n < 1e12 ? n * 1000 : n;
};

/** One endpoint however it was written: a trailing slash, the default port. */
function sameTarget(a: string, b: string): boolean {
  const norm = (u: string) => {
    const url = new URL(u);
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
  };
  return norm(a) === norm(b);
}

/** The keys surviving state folders of the run recorded, on this machine, for the same target and project. */
function stateKeys(o: SweepOptions): CreatedKey[] {
  if (o.runId === undefined) return [];
  const base = tmpdir();
  return readdirSync(base)
    .filter((name) => name.startsWith('kmsct-') && existsSync(join(base, name, runStateFile)))
    .flatMap((name) => {
      const dir = join(base, name);
      try {
        const state = JSON.parse(readFileSync(join(dir, runStateFile), 'utf8')) as RunState;
        const same =
          state.runId === o.runId && sameTarget(state.target, o.target) && state.projectId === o.projectId;
        return same ? readState<CreatedKey>(dir, 'keys') : [];
      } catch {
        return [];
      }
    });
}

export async function sweep(o: SweepOptions): Promise<Sweep> {
  const now = o.now ?? Date.now();
  const found = new Map<string, FoundKey>();
  const listed = await listAll(o.client);
  if (!('refused' in listed))
    for (const key of listed.keys) {
      if (key.key_state === '4') continue;
      const ours =
        o.runId !== undefined
          ? key.key_alias.startsWith(`${o.runId}-`)
          : /^kmsct-[a-z0-9-]+$/.test(key.key_alias) &&
            (createdAt(key.creation_date) ?? now) <= now - (o.olderThanMs ?? Number.POSITIVE_INFINITY);
      if (ours) found.set(key.key_id, { keyId: key.key_id, alias: key.key_alias, from: 'list-keys' });
    }
  for (const k of stateKeys(o))
    if (!found.has(k.keyId)) found.set(k.keyId, { keyId: k.keyId, alias: k.alias, from: 'state folder' });
  const keys = [...found.values()];
  // Credentials the target refuses would refuse every deletion too: nothing is tried.
  const refused = 'refused' in listed && (listed.refused.status === 401 || listed.refused.status === 403);
  const cleaned =
    o.dryRun || refused
      ? []
      : await cleanUp(
          o.client,
          keys.map((k) => ({ keyId: k.keyId, alias: k.alias, domainId: '', test: k.from })),
        );
  const answer =
    'refused' in listed ? { status: listed.refused.status, text: listed.refused.text.slice(0, 200) } : true;
  return { listed: answer, found: keys, cleaned };
}
