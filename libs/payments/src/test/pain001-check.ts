// Reading a pain.001 file back in tests, strictly. xmlbuilder2's parser forgives missing end tags (a truncated file
// would pass), so well-formedness is checked first by a small tokenizer of our own, then the structure through
// xmlbuilder2's `convert`: element order after the pain.001.001.09 schema, counts, sums, unique EndToEndIds.

import { convert } from 'xmlbuilder2';
import { PAIN_001_NAMESPACE } from '../pain001/pain001-xml';

const NAME = '[A-Za-z_][\\w.-]*';
const ENTITY = /&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9A-Fa-f]+);)/;
const TAG = new RegExp(`^<(/?)(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>`);

/** Throws unless the text is one well-formed XML document (the subset we write: no comments, CDATA or DTD). */
export function assertWellFormed(xml: string): void {
  let rest = xml.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\s*/, '');
  if (rest === xml) throw new Error('no XML declaration');
  const open: string[] = [];
  let roots = 0;
  while (rest.length > 0) {
    if (rest.startsWith('<')) {
      const tag = TAG.exec(rest);
      if (!tag) throw new Error(`not a tag: ${rest.slice(0, 40)}`);
      const [whole, closing, name, attributes, selfClosing] = tag;
      if (ENTITY.test(attributes ?? '')) throw new Error(`bare '&' in attributes of <${name}>`);
      if (closing) {
        if (open.pop() !== name) throw new Error(`</${name}> does not close the open element`);
      } else {
        if (open.length === 0) roots += 1;
        if (!selfClosing) open.push(name!);
      }
      rest = rest.slice(whole.length);
    } else {
      const end = rest.indexOf('<');
      const text = end === -1 ? rest : rest.slice(0, end);
      if (ENTITY.test(text)) throw new Error(`bare '&' in text: ${text.slice(0, 40)}`);
      if (open.length === 0 && text.trim() !== '') throw new Error(`text outside the root: ${text.slice(0, 40)}`);
      rest = rest.slice(text.length);
    }
  }
  if (open.length > 0) throw new Error(`unclosed elements: ${open.join(' > ')}`);
  if (roots !== 1) throw new Error(`${roots} root elements`);
}

// The children we write, in the order the pain.001.001.09 schema sequences them, and which are required.
const ORDER = {
  GrpHdr: ['MsgId!', 'CreDtTm!', 'NbOfTxs!', 'CtrlSum', 'InitgPty!'],
  PmtInf: ['PmtInfId!', 'PmtMtd!', 'NbOfTxs', 'CtrlSum', 'ReqdExctnDt!', 'Dbtr!', 'DbtrAcct!', 'DbtrAgt!', 'CdtTrfTxInf!'],
  CdtTrfTxInf: ['PmtId!', 'Amt!', 'Cdtr', 'CdtrAcct', 'RmtInf'],
};

function assertOrder(what: keyof typeof ORDER, element: object): void {
  const names = ORDER[what].map((n) => n.replace('!', ''));
  const keys = Object.keys(element).filter((k) => !k.startsWith('@'));
  const positions = keys.map((k) => names.indexOf(k));
  if (positions.some((p, i) => p === -1 || (i > 0 && p <= positions[i - 1]!))) {
    throw new Error(`${what} children out of schema order or unknown: ${keys.join(', ')}`);
  }
  const missing = ORDER[what].filter((n) => n.endsWith('!') && !keys.includes(n.replace('!', '')));
  if (missing.length > 0) throw new Error(`${what} lacks ${missing.join(', ')}`);
}

const AMOUNT = /^(0|[1-9]\d*)\.(\d{2})$/;
const toOre = (amount: string): number => {
  const match = AMOUNT.exec(amount);
  if (!match) throw new Error(`not an amount with two decimals: ${amount}`);
  return Number(match[1]) * 100 + Number(match[2]);
};
const decode = (text: string) =>
  text.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);

/** xmlbuilder2's object form: an element is its text, an object of children and '@attributes', or a list of them. */
type XmlValue = string | XmlNode | XmlNode[];
interface XmlNode {
  [name: string]: XmlValue;
}

const nodes = (parent: XmlNode, name: string): XmlNode[] => {
  const value = parent[name];
  const all = Array.isArray(value) ? value : value === undefined ? [] : [value];
  if (all.length === 0 || all.some((v) => typeof v !== 'object')) throw new Error(`expected element(s) <${name}>`);
  return all as XmlNode[];
};
const node = (parent: XmlNode, name: string): XmlNode => {
  const all = nodes(parent, name);
  if (all.length !== 1) throw new Error(`expected one <${name}>, found ${all.length}`);
  return all[0]!;
};
/** The text of a path of elements; an element with attributes keeps its text under '#'. */
const text = (parent: XmlNode, ...path: string[]): string => {
  let value: XmlValue | undefined = parent;
  for (const name of path) value = typeof value === 'object' && !Array.isArray(value) ? value[name] : undefined;
  if (typeof value === 'object' && !Array.isArray(value) && typeof value['#'] === 'string') value = value['#'];
  if (typeof value !== 'string') throw new Error(`expected text at ${path.join('/')}`);
  return decode(value);
};

export interface Pain001Transaction {
  endToEndId: string;
  amountOre: number;
  currency: string;
  creditor: string;
  /** CdtrAcct/Id as xmlbuilder2 reads it: { IBAN } or { Othr: { Id, SchmeNm: { Cd } } }. */
  account?: XmlValue;
  remittance: string;
}

export interface Pain001Summary {
  msgId: string;
  createdAt: string;
  requestedExecutionDate: string;
  debtorIban: string;
  transactions: Pain001Transaction[];
}

/** Reads a pain.001 message, throwing at the first thing wrong with it: not well-formed, wrong namespace, elements
 * out of order, NbOfTxs or CtrlSum (in GrpHdr and PmtInf) not matching the transactions, an EndToEndId twice. */
export function readPain001(xml: string): Pain001Summary {
  assertWellFormed(xml);
  const document = node(convert(xml, { format: 'object' }) as XmlNode, 'Document');
  if (document['@xmlns'] !== PAIN_001_NAMESPACE) throw new Error('not a pain.001.001.09 Document');
  const message = node(document, 'CstmrCdtTrfInitn');
  if (Object.keys(message).join() !== 'GrpHdr,PmtInf') throw new Error('expected one GrpHdr, then one PmtInf');
  const header = node(message, 'GrpHdr');
  const paymentInfo = node(message, 'PmtInf');
  assertOrder('GrpHdr', header);
  assertOrder('PmtInf', paymentInfo);
  const transactions: Pain001Transaction[] = nodes(paymentInfo, 'CdtTrfTxInf').map((tx) => {
    assertOrder('CdtTrfTxInf', tx);
    const amount = node(node(tx, 'Amt'), 'InstdAmt');
    return {
      endToEndId: text(tx, 'PmtId', 'EndToEndId'),
      amountOre: toOre(text(amount)),
      currency: text(amount, '@Ccy'),
      creditor: text(tx, 'Cdtr', 'Nm'),
      ...(tx['CdtrAcct'] ? { account: node(node(tx, 'CdtrAcct'), 'Id') } : {}),
      remittance: text(tx, 'RmtInf', 'Ustrd'),
    };
  });
  const count = String(transactions.length);
  const sum = transactions.reduce((total, tx) => total + tx.amountOre, 0);
  for (const [what, parent] of [['GrpHdr', header], ['PmtInf', paymentInfo]] as const) {
    if (text(parent, 'NbOfTxs') !== count) throw new Error(`${what}/NbOfTxs is not ${count}, the transactions`);
    if (toOre(text(parent, 'CtrlSum')) !== sum) throw new Error(`${what}/CtrlSum is not ${sum} øre, their sum`);
  }
  const ids = transactions.map((tx) => tx.endToEndId);
  if (new Set(ids).size !== ids.length) throw new Error(`an EndToEndId twice: ${ids.join(', ')}`);
  if (transactions.some((tx) => tx.currency !== 'DKK')) throw new Error('a transaction not in DKK');
  return {
    msgId: text(header, 'MsgId'),
    createdAt: text(header, 'CreDtTm'),
    requestedExecutionDate: text(paymentInfo, 'ReqdExctnDt', 'Dt'),
    debtorIban: text(paymentInfo, 'DbtrAcct', 'Id', 'IBAN'),
    transactions,
  };
}
