/**
 * The examples of docs/municipal-api.md, shown in the OpenAPI document and checked against its schemas by the tests.
 * The response example is the contract's, as written. The request example is the contract's envelope with its
 * elisions filled in (`"8d0f…uuid"` is a uuid, `"data": { }` the data of a CourseStarted); the CPR number is made up.
 */

/** docs/municipal-api.md, "Sending events": the response, verbatim. */
export const submitEventsResponseExample = {
  results: [
    { eventId: '8d0f…', status: 'accepted', position: '1234' },
    { eventId: '91aa…', status: 'rejected', reasons: [{ code: 'POOL_CLOSED_FOR_STARTS', message: '…' }] },
    { eventId: '77b2…', status: 'duplicate', position: '1200' },
  ],
};

/** docs/municipal-api.md, "Sending events": the request envelope, with the elided parts filled in. */
export const submitEventsRequestExample = {
  events: [
    {
      eventId: '8d0f6c1e-3b2a-4f5d-9e8c-7a6b5c4d3e2f',
      type: 'CourseStarted',
      occurredAt: '2020-03-02T09:15:00+01:00',
      data: {
        poolId: 'mangelpulje-2019',
        courseId: 'KBH-2020-0042',
        citizen: { cpr: '0101901234' },
        targetGroup: 'dagpenge',
        unemployedSince: '2019-10-01',
        employerDeclaration: {
          cvr: '12345678',
          employerName: 'Tømrerfirmaet A/S',
          jobTitle: 'Tømrer',
          rarArea: 'Hovedstaden',
          signedOn: '2020-02-20',
          expectedEmploymentStart: '2020-05-01',
          withoutWageSubsidy: true,
        },
        course: {
          title: 'Opkvalificering til tømrer',
          provider: 'AMU Hovedstaden',
          category: 'opkvalificering',
          startDate: '2020-03-02',
          endDate: '2020-04-24',
          estimatedCostOre: 2_500_000,
        },
      },
    },
  ],
};

/** By operationId: the request and response examples the document shows. */
export const municipalApiExamples: { byOperation: Record<string, { request?: unknown; response?: unknown }> } = {
  byOperation: {
    submitEvents: { request: submitEventsRequestExample, response: submitEventsResponseExample },
  },
};
