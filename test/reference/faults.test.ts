import { describe, expect, it } from 'vitest';
import { catalogue } from '../../src/catalogue/index.js';
import { faults, UnknownFaultError } from '../../src/reference/faults/index.js';
import { startReferenceServer } from '../../src/reference/server.js';
import { KmsClient } from '../../src/transport/client.js';

describe('planted-fault mechanism', () => {
  it('names only requirements of the catalogue, at their level', () => {
    for (const fault of faults.values()) {
      // A fault must trip something; a variant (conformant by design) trips nothing.
      if (fault.kind === 'fault') expect(fault.trips.length, fault.name).toBeGreaterThan(0);
      else expect(fault.trips, fault.name).toEqual([]);
      for (const trip of fault.trips) {
        const req = catalogue.find((r) => r.id === trip.id);
        expect(req, `${fault.name} → ${trip.id}`).toBeDefined();
        expect(Object.values(req?.levels ?? {}), `${fault.name} → ${trip.id}`).toContain(trip.level);
      }
    }
  });

  it('refuses an unknown fault name with a coded error that lists the known ones', async () => {
    await expect(startReferenceServer({ faults: ['nope'] })).rejects.toThrow(UnknownFaultError);
    await expect(startReferenceServer({ faults: ['nope'] })).rejects.toThrow(
      /--fault must be one of .*missing-domain-id/,
    );
  });

  it('changes exactly the planted behaviour: missing-domain-id drops domain_id and nothing else', async () => {
    const server = await startReferenceServer({ faults: ['missing-domain-id'] });
    const client = new KmsClient({
      baseUrl: server.url,
      projectId: server.projectId,
      auth: { kind: 'token', token: server.token },
    });
    try {
      const ok = await client.call('create-key', { key_alias: 'f1' });
      expect(ok.status).toBe(200);
      expect(ok.json).toEqual({ key_info: { key_id: expect.any(String) } });
      const bad = await client.call('create-key', { key_alias: '' });
      expect(bad.json).toMatchObject({ error: { error_code: 'KMS.1101' } });
    } finally {
      await client.close();
      await server.close();
    }
  });
});
