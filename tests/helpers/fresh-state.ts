// Test files share a worker process (isolate: false in vitest.config.ts), so each file starts by putting back the
// only state src/ keeps between calls, as a fresh process has it: the message language (a store read by an earlier
// file sets the club's) and where zone rules come from (runCli installs the system's tz database; core tests use ICU).
// The rest of src/'s module state is caches of pure results (widths, collators, schemas, zone offsets).
import { useEnvLang } from '../../src/i18n/index.js';
import { useZoneRules } from '../../src/core/time.js';

useEnvLang({});
useZoneRules(undefined);
