import { parseBalanceCsv } from './balance-csv';

const HEADER = 'half_year,rar_area,job_title,disco_08,status';

describe('parseBalanceCsv', () => {
  it('reads the source, the half-years and every entry of a good file', () => {
    const parsed = parseBalanceCsv(
      [
        '# source: STAR, Arbejdsmarkedsbalancen, www.arbejdsmarkedsbalancen.dk',
        '# a free comment',
        HEADER,
        '2019H2,Hovedstaden,Social- og sundhedsassistent,532100,omfattende mangel',
        '',
        '2019H1, fyn ,"Montør, el",,Mangel',
        '2019H2,Bornholm,Rengøringsassistent,911200,paradoksproblem',
        '2019H2,Hovedstaden,Kontorassistent,411000,ingen mangel',
      ].join('\n'),
    );
    expect(parsed).toEqual({
      ok: true,
      source: 'STAR, Arbejdsmarkedsbalancen, www.arbejdsmarkedsbalancen.dk',
      sample: false,
      halfYears: ['2019H1', '2019H2'],
      entries: [
        {
          halfYear: '2019H2',
          rarArea: 'Hovedstaden',
          jobTitle: 'Social- og sundhedsassistent',
          disco08: '532100',
          status: 'omfattende mangel',
        },
        { halfYear: '2019H1', rarArea: 'Fyn', jobTitle: 'Montør, el', disco08: null, status: 'mangel' },
        {
          halfYear: '2019H2',
          rarArea: 'Bornholm',
          jobTitle: 'Rengøringsassistent',
          disco08: '911200',
          status: 'paradoksproblem',
        },
        {
          halfYear: '2019H2',
          rarArea: 'Hovedstaden',
          jobTitle: 'Kontorassistent',
          disco08: '411000',
          status: 'ingen mangel',
        },
      ],
    });
  });

  it('refuses a file with bad lines, naming every fault with its line', () => {
    const parsed = parseBalanceCsv(
      [
        '# source: STAR', //                                                 1
        HEADER, //                                                           2
        '2019H2,Hovedstaden,Tømrer,711500,mangel', //                        3
        '2019H3,Hovedstaden,Murer,711200,mangel', //                         4 bad half-year
        '2019H2,Midtjylland,Murer,711200,mangel', //                         5 unknown RAR area
        '2019H2,Hovedstaden,Smed,,stor mangel', //                           6 bad status
        '2019H2,Hovedstaden,Elektriker,7411,mangel', //                      7 bad DISCO-08 code
        '2019H2,hovedstaden, TØMRER ,711500,ingen mangel', //                8 duplicate of line 3
        '2019H2,Hovedstaden,Kok,mangel', //                                  9 missing field
        '2019H2,Hovedstaden,,,mangel', //                                   10 empty job title
        '2019-2,Nowhere,Lærer,12345X,', //                                  11 four faults in one line
        '2019H2,Hovedstaden,"Kok "x,512000,mangel', //                      12 malformed quoting
        '2019H2,Hovedstaden,Pædagog,234200,mangel', //                      13 fine
      ].join('\n'),
    );
    expect(parsed).toEqual({
      ok: false,
      errors: [
        { line: 4, message: "half_year '2019H3' is not a half-year like 2019H2" },
        { line: 5, message: "rar_area 'Midtjylland' is not one of the 8 RAR areas" },
        {
          line: 6,
          message: "status 'stor mangel' is not one of: omfattende mangel, mangel, paradoksproblem, ingen mangel",
        },
        { line: 7, message: "disco_08 '7411' is not 6 digits" },
        { line: 8, message: "duplicate of line 3: 2019H2, Hovedstaden, 'TØMRER'" },
        { line: 9, message: 'expected 5 fields (half_year,rar_area,job_title,disco_08,status), found 4' },
        { line: 10, message: 'job_title is missing' },
        { line: 11, message: "half_year '2019-2' is not a half-year like 2019H2" },
        { line: 11, message: "rar_area 'Nowhere' is not one of the 8 RAR areas" },
        { line: 11, message: "disco_08 '12345X' is not 6 digits" },
        { line: 11, message: 'status is missing' },
        { line: 12, message: 'unexpected "x" after a quoted field' },
      ],
    });
  });

  it('requires a source, a header row and at least one entry', () => {
    expect(parseBalanceCsv(`${HEADER}\n2019H2,Fyn,Kok,,mangel`)).toEqual({
      ok: false,
      errors: [{ line: 1, message: "no '# source:' line naming where the balance comes from" }],
    });
    expect(parseBalanceCsv('# source: STAR\n')).toEqual({
      ok: false,
      errors: [{ line: 1, message: "no header row 'half_year,rar_area,job_title,disco_08,status'" }],
    });
    expect(parseBalanceCsv(`# source: STAR\n${HEADER}\n`)).toEqual({
      ok: false,
      errors: [{ line: 1, message: 'no entries' }],
    });
    expect(parseBalanceCsv(`# source:   \n${HEADER}\n2019H2,Fyn,Kok,,mangel`)).toEqual({
      ok: false,
      errors: [{ line: 1, message: "'# source:' names no source" }],
    });
  });

  it('refuses a wrong header row, a second source and a comment among the entries', () => {
    const parsed = parseBalanceCsv(
      [
        '# source: STAR',
        '# source: someone else',
        'half_year,area,job_title,disco_08,status',
        '2019H2,Fyn,Kok,,mangel',
        '# late comment',
      ].join('\n'),
    );
    expect(parsed).toEqual({
      ok: false,
      errors: [
        { line: 2, message: "a second '# source:' line (the first is on line 1)" },
        {
          line: 3,
          message:
            "the header row must be 'half_year,rar_area,job_title,disco_08,status', " +
            "found 'half_year,area,job_title,disco_08,status'",
        },
        { line: 5, message: 'a comment line after the header row; comments belong before it' },
      ],
    });
  });

  it.each([
    ['# sample: yes, invented statuses', true],
    ['# SAMPLE: demonstration only', true],
    ['# sample: no', false],
    ['# sample: false', false],
    ['# a comment about a sample', false],
  ])('"%s" makes the file a sample: %s', (line, sample) => {
    const parsed = parseBalanceCsv(`# source: STAR\n${line}\n${HEADER}\n2019H2,Fyn,Kok,,mangel`);
    expect(parsed).toMatchObject({ ok: true, sample });
  });
});
