// Every collection of a club's data, as the store keeps it and the core works on it.
import type { Activity, HoursEntry, Registration, StaffDuty } from './activities/types.js';
import type { Budget, Donation, Donor, Expense } from './money/types.js';
import type { Book, ReadingCheckin, ReadingTask, Shelf } from './reading/types.js';
import type { LedgerEntry } from './points/ledger.js';
import type { Reward } from './points/points.js';
import type { Attendance, Session, TopicProposal, Vote } from './sessions/types.js';
import type { Feedback, Survey, SurveyResponse } from './surveys/types.js';
import type { Member, Task } from './types.js';

export interface Collections {
  members: Member[];
  tasks: Task[];
  ledger: LedgerEntry[];
  sessions: Session[];
  attendance: Attendance[];
  topics: TopicProposal[];
  votes: Vote[];
  rewards: Reward[];
  surveys: Survey[];
  responses: SurveyResponse[];
  feedback: Feedback[];
  activities: Activity[];
  registrations: Registration[];
  staff: StaffDuty[];
  hours: HoursEntry[];
  books: Book[];
  shelves: Shelf[];
  readingTasks: ReadingTask[];
  readingCheckins: ReadingCheckin[];
  budgets: Budget[];
  expenses: Expense[];
  donors: Donor[];
  donations: Donation[];
}
