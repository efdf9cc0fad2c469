// Decisions about a course: its start against every rule of docs/domain.md §5–6, its cancellation and its completion.
// A start is decided with the pool's and the municipality's commitment state and the balance the caller looked up,
// all passed in the command: the decision reads no store and no clock.
//
// Each decision lives in the file of its part: start.ts (the start rules), end.ts (cancellation and completion).

import { reason, rejected, type Decider, type Decision } from '../decision';
import { evolve, initialState, type Course, type CourseEvent } from './course';
import { cancelCourse, completeCourse, type CancelCourse, type CompleteCourse } from './end';
import { startCourse, type StartCourse } from './start';

export { cancelCourse, completeCourse, type CancelCourse, type CompleteCourse } from './end';
export { courseStartRejected, decisionBasis, startCourse, type StartCourse } from './start';

export type CourseCommand = StartCourse | CancelCourse | CompleteCourse;

export const decide = (command: CourseCommand, state: Course): Decision<CourseEvent> => {
  const { type } = command;

  switch (type) {
    case 'StartCourse':
      return startCourse(command, state);
    case 'CancelCourse':
      return cancelCourse(command, state);
    case 'CompleteCourse':
      return completeCourse(command, state);
    default: {
      const _unknownCommand: never = type;
      return rejected([reason('SCHEMA_INVALID', `Unknown course command ${String(_unknownCommand)}.`)]);
    }
  }
};

export const courseDecider: Decider<Course, CourseCommand, CourseEvent> = { decide, evolve, initialState };
