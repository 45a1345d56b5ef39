import type { KeyDetails, KeyState } from '../catalogue/api-types.js';

/** Service default keys every project starts with (create-key.md §6); they cannot be deleted. */
export const defaultKeyServices = [
  'obs',
  'evs',
  'ims',
  'vbs',
  'sfs',
  'kps',
  'csms',
  'dlf',
  'dds',
  'elb',
  'rds',
];

/** One project's keys. Node runs handlers on one thread, so each method is atomic. */
export class ProjectKeys {
  readonly #keys = new Map<string, KeyDetails>();
  readonly #aliases = new Map<string, string>();
  /** Key ids in creation order, all and per key spec: a page is a slice, never a copy of the store. */
  readonly #order: string[] = [];
  readonly #bySpec = new Map<string, string[]>();
  #customCount = 0;

  get customCount(): number {
    return this.#customCount;
  }

  aliasInUse(alias: string): boolean {
    return this.#aliases.has(alias);
  }

  add(details: KeyDetails): void {
    if (!this.#keys.has(details.key_id)) {
      this.#order.push(details.key_id);
      let spec = this.#bySpec.get(details.key_spec);
      if (spec === undefined) {
        spec = [];
        this.#bySpec.set(details.key_spec, spec);
      }
      spec.push(details.key_id);
    }
    this.#keys.set(details.key_id, details);
    this.#aliases.set(details.key_alias, details.key_id);
    if (details.default_key_flag === '0') this.#customCount++;
  }

  get(keyId: string): KeyDetails | undefined {
    return this.#keys.get(keyId);
  }

  setState(keyId: string, state: KeyState, scheduledDeletionDate: string): KeyDetails | undefined {
    const key = this.#keys.get(keyId);
    if (!key) return undefined;
    const updated = { ...key, key_state: state, scheduled_deletion_date: scheduledDeletionDate };
    this.#keys.set(keyId, updated);
    return updated;
  }

  /**
   * One page of keys in creation order, of one key spec or of all ("ALL"), optionally of one state, and how
   * many match. Without a state filter it costs the page; a state filter scans the spec's keys, copying none.
   */
  page(query: { spec: string; state?: string; offset: number; limit: number }): {
    keys: KeyDetails[];
    total: number;
  } {
    const ids = query.spec === 'ALL' ? this.#order : (this.#bySpec.get(query.spec) ?? []);
    const at = (id: string) => this.#keys.get(id) as KeyDetails;
    if (query.state === undefined)
      return { keys: ids.slice(query.offset, query.offset + query.limit).map(at), total: ids.length };
    const keys: KeyDetails[] = [];
    let total = 0;
    for (const id of ids) {
      if (at(id).key_state !== query.state) continue;
      if (total >= query.offset && keys.length < query.limit) keys.push(at(id));
      total++;
    }
    return { keys, total };
  }
}

export class KeyStore {
  readonly #projects = new Map<string, ProjectKeys>();
  constructor(
    private readonly newKeyId: () => string,
    private readonly domainId: string,
  ) {}

  project(projectId: string): ProjectKeys {
    let keys = this.#projects.get(projectId);
    if (!keys) {
      keys = new ProjectKeys();
      this.#projects.set(projectId, keys);
      for (const service of defaultKeyServices) {
        keys.add(
          newKeyDetails({
            keyId: this.newKeyId(),
            domainId: this.domainId,
            alias: `${service}/default`,
            spec: 'AES_256',
            usage: 'ENCRYPT_DECRYPT',
            description: `Default master key of ${service}`,
            origin: 'kms',
            defaultKey: true,
            enterpriseProjectId: '0',
            now: new Date(0),
          }),
        );
      }
    }
    return keys;
  }
}

export interface NewKey {
  readonly keyId: string;
  readonly domainId: string;
  readonly alias: string;
  readonly spec: string;
  readonly usage: string;
  readonly description: string;
  readonly origin: string;
  readonly defaultKey: boolean;
  readonly enterpriseProjectId: string;
  readonly now: Date;
}

export function newKeyDetails(k: NewKey): KeyDetails {
  return {
    key_id: k.keyId,
    domain_id: k.domainId,
    key_alias: k.alias,
    realm: 'reference-1',
    key_spec: k.spec,
    key_usage: k.usage,
    key_description: k.description,
    creation_date: String(k.now.getTime()),
    scheduled_deletion_date: '',
    // create-key.md §6: a key whose material is imported waits in "5" (pending import).
    key_state: k.origin === 'external' ? '5' : '2',
    default_key_flag: k.defaultKey ? '1' : '0',
    key_type: k.spec === 'AES_256' || k.spec === 'SM4' ? '1' : '2',
    expiration_time: '',
    origin: k.origin,
    key_rotation_enabled: 'false',
    sys_enterprise_project_id: k.enterpriseProjectId,
  };
}
