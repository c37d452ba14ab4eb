// A real folder store that says its runner has another access role: for testing who may run what (SPEC §14) without
// a database. Every method but identity() and info() is the real store's.
import type { AccessRole } from '../../src/core/access.js';
import { openStore } from '../../src/store/open.js';
import type { OpenOptions } from '../../src/store/open.js';
import type { Store } from '../../src/store/types.js';

export interface RoleStoreLog {
  /** How many stores were opened, and how many of them closed. */
  opened: number;
  closed: number;
}

/** An openStore for tests/helpers/run.ts whose stores answer `role` for `user`; counts opens and closes in `log`. */
export function openAs(role: AccessRole, user = 'alice', log: RoleStoreLog = { opened: 0, closed: 0 }): (options: OpenOptions) => Promise<Store> {
  return async (options) => {
    const real = await openStore(options);
    log.opened++;
    return new Proxy(real, {
      get(target, key) {
        if (key === 'identity') return async () => ({ user, role, memberId: null });
        if (key === 'info') return async () => ({ ...(await target.info()), user, role });
        if (key === 'close') {
          return async () => {
            log.closed++;
            await target.close();
          };
        }
        const value = Reflect.get(target, key, target) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  };
}
