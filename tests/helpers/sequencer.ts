// The order in which the test files start. Two workers share the queue: the files that run the built CLI in child
// processes (tests/reliability, tests/e2e) take tens of seconds each, so they start first and the many short
// in-process files fill the gaps around them; one of them started last would keep a worker busy alone at the end.
// Within each group: vitest's own order (the files that failed last time, then the longest last time, or on a fresh
// machine without that record the largest first).
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const SLOW = /[\\/]tests[\\/](reliability|e2e)[\\/]/;

export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return [...sorted.filter((f) => SLOW.test(f.moduleId)), ...sorted.filter((f) => !SLOW.test(f.moduleId))];
  }
}
