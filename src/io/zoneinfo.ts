// Finds a zone's TZif file in the system's tz database ($TZDIR, else the usual folders) for core/zone.ts. When there
// is none (Windows, a slim container) or it cannot be read, core/time.ts falls back to ICU, which is slower to start.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTzif, type ZoneRules } from '../core/zone.js';

const FOLDERS = ['/usr/share/zoneinfo', '/usr/lib/zoneinfo', '/usr/share/lib/zoneinfo'];
// IANA names only: letters, digits, _ + - in /-separated parts, no `.` or `..`, so a setting cannot name any file.
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

export function systemZoneRules(env: NodeJS.ProcessEnv): (tz: string) => ZoneRules | null {
  const folders = env.TZDIR ? [env.TZDIR, ...FOLDERS] : FOLDERS;
  return (tz) => {
    if (!ZONE_NAME.test(tz)) return null;
    for (const folder of folders) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(join(folder, tz));
      } catch {
        continue;
      }
      try {
        return parseTzif(bytes);
      } catch {
        return null;
      }
    }
    return null;
  };
}
