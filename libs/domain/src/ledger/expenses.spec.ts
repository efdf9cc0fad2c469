import { courseDecider } from '../course/decide';
import { poolDecider } from '../pool/decide';
import { at, courseOf, expense, finalClaim, history, incurred } from '../testing/ledger-fixtures';
import { a1, a4, b2, expenses2019, given } from '../testing/ledger-spec-events';

describe('Ledger (docs/domain.md §7–10)', () => {
  describe('RecordExpense (docs/domain.md §7)', () => {
    it('records an expense of a started course, booked to the budget year it was incurred in', () => {
      given([]).when(a1).then([incurred(a1, 2019)]);
      given(expenses2019).when(a4).then([incurred(a4, 2020)]);
    });

    it('books run-off in 2021 of a course started in 2020 to 2020 (docs/domain.md §8)', () => {
      given([]).when(b2).then([incurred(b2, 2020)]);
    });

    it('refuses an expense after the last budget year of a course started before it (OUTSIDE_BUDGET_YEARS)', () => {
      given([]).when(expense('KBH-A', 'A-9', 10_000, '2021-01-05')).thenRejects('OUTSIDE_BUDGET_YEARS');
      given([])
        .when(expense('KBH-A', 'A-0', 10_000, '2018-12-31'))
        .thenRejects('EXPENSE_BEFORE_COURSE_START', 'OUTSIDE_BUDGET_YEARS');
    });

    it('refuses an expense dated before its course started (EXPENSE_BEFORE_COURSE_START), takes the start day', () => {
      // KBH-B started on 1 Sep 2020; KBH-C on 2 Mar 2020.
      given([]).when(expense('KBH-B', 'B-0', 10_000, '2020-08-31')).thenRejects('EXPENSE_BEFORE_COURSE_START');
      given([]).when(expense('KBH-C', 'C-0', 10_000, '2019-12-20')).thenRejects('EXPENSE_BEFORE_COURSE_START');
      const onTheDay = expense('KBH-B', 'B-0', 10_000, '2020-09-01');
      given([]).when(onTheDay).then([incurred(onTheDay, 2020)]);
    });

    it.each(['kursusafgift', 'materialer', 'transport', 'vejledning', 'andet'])('takes category %s', (category) => {
      const command = expense('KBH-A', 'A-1', 1, '2019-12-16', { category });
      given([]).when(command).then([incurred(command, 2019)]);
    });

    it('refuses benefits paid to the citizen (ydelse): not refundable (EXPENSE_NOT_REFUNDABLE)', () => {
      given([]).when(expense('KBH-A', 'A-3', 30_000, '2019-12-20', { category: 'ydelse' })).thenRejects(
        'EXPENSE_NOT_REFUNDABLE',
      );
    });

    it('keeps the expenses of a cancelled course up to its cancellation day, refuses those after it', () => {
      const onTheDay = expense('KBH-C', 'C-2', 5_000, '2020-04-15', { category: 'transport' });
      given([]).when(onTheDay).then([incurred(onTheDay, 2020)]);
      // reported after the cancellation, incurred before it: kept
      const before = expense('KBH-C', 'C-3', 25_000, '2020-04-10', { at: at('2020-05-01') });
      given([]).when(before).then([incurred(before, 2020)]);
      given([])
        .when(expense('KBH-C', 'C-4', 5_000, '2020-04-16', { category: 'transport' }))
        .thenRejects('EXPENSE_AFTER_CANCELLATION');
    });

    it('refuses an expense of a course whose start was not accepted, or of another course (UNKNOWN_COURSE)', () => {
      given([]).when(expense('KBH-A', 'A-1', 1, '2019-12-16', { course: courseDecider.initialState() })).thenRejects(
        'UNKNOWN_COURSE',
      );
      given([]).when(expense('KBH-A', 'A-1', 1, '2019-12-16', { courseId: 'KBH-X' })).thenRejects('UNKNOWN_COURSE');
      const otherMunicipality = courseOf('KBH-A', '2019-12-16', '2020-03-13', { code: '147' });
      given([]).when(expense('KBH-A', 'A-1', 1, '2019-12-16', { course: otherMunicipality })).thenRejects(
        'UNKNOWN_COURSE',
      );
    });

    it('refuses an expenseId used before on the same course (DUPLICATE_EXPENSE_ID), not on another', () => {
      given(expenses2019).when(expense('KBH-A', 'A-1', 7, '2019-12-17')).thenRejects('DUPLICATE_EXPENSE_ID');
      const sameIdOtherCourse = expense('KBH-B', 'A-1', 7, '2020-09-02');
      given(expenses2019).when(sameIdOtherCourse).then([incurred(sameIdOtherCourse, 2020)]);
    });

    it.each([0, -100, 0.5])('refuses %p øre (INVALID_AMOUNT)', (amountOre) => {
      given([]).when(expense('KBH-A', 'A-1', amountOre, '2019-12-16')).thenRejects('INVALID_AMOUNT');
    });

    it('refuses an expense dated after the day it is reported (EXPENSE_IN_FUTURE)', () => {
      given([])
        .when(expense('KBH-A', 'A-1', 1, '2019-12-16', { at: at('2019-12-15', '23:59') }))
        .thenRejects('EXPENSE_IN_FUTURE');
    });

    it('refuses malformed reports, with every reason at once', () => {
      given([])
        .when(expense('KBH-A', 'A-1', 0, '2019-12-16', { incurredOn: 'den 16.', category: 'ydelse', invoiceRef: ' ' }))
        .thenRejects('SCHEMA_INVALID', 'SCHEMA_INVALID', 'INVALID_AMOUNT', 'EXPENSE_NOT_REFUNDABLE');
      given([]).when(expense('KBH-A', 'A-1', 1, '2019-12-16', { category: 'kaffe' })).thenRejects('SCHEMA_INVALID');
    });

    it('refuses an expense when the pool is not open (UNKNOWN_POOL)', () => {
      given([]).when(expense('KBH-A', 'A-1', 1, '2019-12-16', { pool: poolDecider.initialState() })).thenRejects(
        'UNKNOWN_POOL',
      );
    });

    it('refuses an expense of a year whose final claim was made: nothing could claim it (FINAL_CLAIM_EXISTS)', () => {
      const finalClaimed = history([finalClaim('F-2019', 2019, '2019-12-31', at('2020-03-20'))], expenses2019);
      given(finalClaimed)
        .when(expense('KBH-A', 'A-5', 1_000, '2019-12-30', { at: at('2020-03-25') }))
        .thenRejects('FINAL_CLAIM_EXISTS');
      const next = expense('KBH-A', 'A-4', 200_000, '2020-01-15', { at: at('2020-03-25') });
      given(finalClaimed).when(next).then([incurred(next, 2020)]);
    });
  });
});
