// Every command's declaration. Only commander runs at start-up; each command's code is a lazy chunk.
import type { Command } from 'commander';
import type { Invoke } from './define.js';
import { registerStoreCommands } from './store/index.js';
import { registerMemberCommands } from './member/index.js';
import { registerSessionCommands } from './session/index.js';
import { registerPointsCommands } from './points/index.js';
import { registerSurveyCommands } from './survey/index.js';
import { registerTaskCommands } from './task/index.js';
import { registerReportCommands } from './report/index.js';

export function registerCommands(program: Command, invoke: Invoke): void {
  registerStoreCommands(program, invoke);
  registerMemberCommands(program, invoke);
  registerSessionCommands(program, invoke);
  registerPointsCommands(program, invoke);
  registerSurveyCommands(program, invoke);
  registerTaskCommands(program, invoke);
  registerReportCommands(program, invoke);
}
