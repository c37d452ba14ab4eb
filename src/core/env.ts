// What a core function needs to know about "now" and the club: passed in, never read from the process.
import type { Settings } from './settings.js';
import { toDateString, toInstantString } from './time.js';

export interface CoreEnv {
  now: Date;
  settings: Settings;
  actor: string;
}

export const today = (env: CoreEnv): string => toDateString(env.now, env.settings.timezone);
export const nowInstant = (env: CoreEnv): string => toInstantString(env.now, env.settings.timezone);
